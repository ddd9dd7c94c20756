using DataCatalog.Core.Reports;
using GraphQL.Types;

namespace DataCatalog.Api.Reports;

/// <summary>A report auditors can export, as GraphQL lists it (<c>reports</c>).</summary>
public sealed class ReportKindType : ObjectGraphType<ReportKind>
{
    public ReportKindType()
    {
        Name = "ReportKind";
        Description = "A compliance report: GET /reports/{kind}?department=&asOf=YYYY-MM-DD&file=data|manifest (auditor or admin).";
        Field(k => k.Kind).Description("Its name in the URL and on the CLI (report <kind>).");
        Field(k => k.Title);
        Field(k => k.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("parameters")
            .Description("Query parameters it takes besides file.")
            .Resolve(ctx => ctx.Source.Parameters);
    }
}
