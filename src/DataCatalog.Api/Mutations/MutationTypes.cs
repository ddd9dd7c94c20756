using DataCatalog.Harvesting.Schedule;
using DataCatalog.Persistence.Audit;
using GraphQL.Types;

namespace DataCatalog.Api.Mutations;

/// <summary>Edits to a dataset's documentation; a null field is left as it is.</summary>
public sealed record DatasetEdit(string? Description, string? Owner, List<string>? Keywords);

/// <summary>A department to create or rename.</summary>
public sealed record DepartmentInput(string Code, string Name);

/// <summary>What <c>applyRuleSet</c> stored: the set, how many times it has been stored changed, and the datasets re-scored.</summary>
public sealed record RuleSetApplied(string Id, int Version, int RescoredDatasets);

public sealed class DatasetEditInputType : InputObjectGraphType<DatasetEdit>
{
    public DatasetEditInputType()
    {
        Name = "DatasetEditInput";
        Description = "Edits to a dataset's documentation; a null field is left unchanged.";
        Field<StringGraphType>("description");
        Field<StringGraphType>("owner");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("keywords");
    }
}

public sealed class DepartmentInputType : InputObjectGraphType<DepartmentInput>
{
    public DepartmentInputType()
    {
        Name = "DepartmentInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Lower case, as in source files (transport).");
        Field<NonNullGraphType<StringGraphType>>("name");
    }
}

public sealed class HarvestRequestType : ObjectGraphType<HarvestRequest>
{
    public HarvestRequestType()
    {
        Name = "HarvestRequest";
        Description = "A harvest asked for now; it starts on the first free harvest thread of any node.";
        Field(r => r.SourceId);
        Field(r => r.RequestedAt);
        Field(r => r.RequestedBy);
        Field(r => r.RunId, type: typeof(IdGraphType)).Description("The run, once known; null when the request is answered (the run has not started).");
    }
}

public sealed class RuleSetAppliedType : ObjectGraphType<RuleSetApplied>
{
    public RuleSetAppliedType()
    {
        Name = "RuleSetApplied";
        Field(r => r.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The rule set's name.");
        Field(r => r.Version).Description("How many times the rule set has been stored changed (its audit events).");
        Field(r => r.RescoredDatasets);
    }
}

public sealed class AuditChainStatusType : ObjectGraphType<AuditChainStatus>
{
    public AuditChainStatusType()
    {
        Name = "AuditChainStatus";
        Description = "The audit trail's hash chain walked in order: intact, or the first broken event and why.";
        Field(s => s.Intact);
        Field(s => s.Events).Description("Events verified (before the first broken one when broken).");
        Field(s => s.FirstBrokenEventId, type: typeof(IdGraphType));
        Field(s => s.Problem, nullable: true);
    }
}
