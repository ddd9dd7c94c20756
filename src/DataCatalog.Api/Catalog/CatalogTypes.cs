using DataCatalog.Api.Access;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Model;
using DataCatalog.Persistence.Search;
using GraphQL;
using GraphQL.Types;

namespace DataCatalog.Api.Catalog;

/// <summary>A published dataset: a table, a file or a portal dataset of a department source.</summary>
public sealed class DatasetType : ObjectGraphType<DatasetRecord>
{
    /// <summary>Default page of the history lists (changes, scoreHistory).</summary>
    public const int HistoryPage = 50;

    public DatasetType()
    {
        Name = "Dataset";
        Search.GlobalId.ImplementOn(this);
        Field(d => d.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(d => d.QualifiedName).Description("Identity inside its source: schema.table, a file path, a portal name.");
        Field(d => d.Kind, type: typeof(NonNullGraphType<DatasetKindType>));
        Field(d => d.Status, type: typeof(NonNullGraphType<DatasetStatusType>));
        Field(d => d.Title, nullable: true);
        Field(d => d.Description, nullable: true);
        Field(d => d.Publisher, nullable: true);
        Field(d => d.Owner, nullable: true);
        Field(d => d.UpdateCycle, nullable: true);
        Field(d => d.Licence, nullable: true);
        Field(d => d.Theme, nullable: true);
        Field(d => d.Keywords, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field("issued", d => d.SourceIssued, nullable: true).Description("When the source first published the dataset (DCAT dct:issued, CKAN metadata_created).");
        Field("modified", d => d.SourceModified, nullable: true).Description("When the source last changed the dataset (DCAT dct:modified, CKAN metadata_modified).");
        Field(d => d.ContactPoint, nullable: true).Description("Who answers questions about the dataset: an e-mail address, else a name.");
        Field(d => d.LandingPage, nullable: true).Description("The web page that describes the dataset at its source.");
        Field(d => d.Distributions, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DistributionType>>>))
            .Description("Downloadable forms of the dataset (portal resources and distributions), as the source declares them.");
        Field(d => d.RowCount, nullable: true);
        Field(d => d.FirstSeenAt);
        Field(d => d.LastSeenAt);
        Field(d => d.WithdrawnAt, nullable: true);
        Field(d => d.LatestScore, nullable: true).Description("Overall score (0–100) of the last harvest.");
        Field(d => d.FileRead, type: typeof(FileReadType)).Description("For a dropped file, how it was read: encoding, delimiter, header decision, dropped columns.");
        Field(d => d.SourceId);
        Field<SourceType>("source").Resolve(ctx => CatalogLoaders.Source(ctx, ctx.Source.SourceId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnType>>>>("columns")
            .Resolve(ctx => CatalogLoaders.Columns(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScoreType>>>>("scores")
            .Description("Scores of the last scoring, one per dimension and one overall (dimension null).")
            .Resolve(ctx => CatalogLoaders.LatestScores(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScoreType>>>>("scoreHistory")
            .Description("Overall score at every harvest, oldest first: the last ones (before a time, to page back).")
            .Argument<IntGraphType>("last", $"How many, 1–{CatalogQuery.MaxPageSize} (default {HistoryPage}).")
            .Argument<DateTimeOffsetGraphType>("before", "Only scores computed before this time: the computedAt of the oldest score of the previous page.")
            .Resolve(ctx => CatalogLoaders.ScoreHistory(ctx, ctx.Source.Id,
                CatalogArguments.PageSize(ctx, "last", HistoryPage, CatalogQuery.MaxPageSize), ctx.GetArgument<DateTimeOffset?>("before")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleResultType>>>>("ruleResults")
            .Description("Rule outcomes of the last harvest, with their evidence.")
            .Resolve(ctx => CatalogLoaders.RuleResults(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchemaChangeType>>>>("changes")
            .Description("Recorded changes, newest run first, a page at a time.")
            .Argument<IntGraphType>("first", $"How many, 1–{CatalogQuery.MaxPageSize} (default {HistoryPage}).")
            .Argument<IntGraphType>("offset", "How many to skip (default 0): the number already read.")
            .Resolve(ctx => CatalogLoaders.Changes(ctx, ctx.Source.Id,
                CatalogArguments.PageSize(ctx, "first", HistoryPage, CatalogQuery.MaxPageSize), CatalogArguments.Offset(ctx, "offset")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Scoring.FindingType>>>>("findings")
            .Description("Failed rules to follow up, open or closed, with their evidence and waivers.")
            .Resolve(ctx => Scoring.ScoringLoaders.Findings(ctx, ctx.Source.Id));
        Field<Scoring.DatasetGradeType>("grade")
            .Description("AI-readiness grade A–E with the reasons that hold it back, most costly first.")
            .Resolve(ctx => Scoring.ScoringLoaders.Grade(ctx, ctx.Source.Id));
    }
}

/// <summary>A dataset as the API shows it: a projection of the stored row without its fingerprint, change token and search columns.</summary>
public sealed record DatasetRecord(
    long Id, string SourceId, string QualifiedName, DatasetKind Kind, DatasetStatus Status, string? Title, string? Description, string? Publisher,
    string? Owner, string? UpdateCycle, string? Licence, string? Theme, IReadOnlyList<string> Keywords, DateTimeOffset? SourceIssued,
    DateTimeOffset? SourceModified, string? ContactPoint, string? LandingPage, IReadOnlyList<Distribution> Distributions, long? RowCount,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? WithdrawnAt, double? LatestScore, FileReadDetails? FileRead)
{
    /// <summary>The projection, translated to SQL.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Dataset, DatasetRecord>> Project =
        d => new DatasetRecord(d.Id, d.SourceId, d.QualifiedName, d.Kind, d.Status, d.Title, d.Description, d.Publisher, d.Owner, d.UpdateCycle,
            d.Licence, d.Theme, d.Keywords, d.SourceIssued, d.SourceModified, d.ContactPoint, d.LandingPage, d.Distributions, d.RowCount,
            d.FirstSeenAt, d.LastSeenAt, d.WithdrawnAt, d.LatestScore, d.FileRead);

    private static readonly Func<Dataset, DatasetRecord> FromEntity = Project.Compile();

    /// <summary>The same projection over a row already read (the connection's page comes from the shared dataset search, which returns rows).</summary>
    internal static DatasetRecord From(Dataset dataset) => FromEntity(dataset);
}

/// <summary>A downloadable form of a dataset: a CKAN resource or a DCAT distribution.</summary>
public sealed class DistributionType : ObjectGraphType<DataCatalog.Core.Catalog.Distribution>
{
    public DistributionType()
    {
        Name = "Distribution";
        Field(d => d.Title, nullable: true);
        Field(d => d.Format, nullable: true).Description("The format as the source names it (CSV, XLSX, JSON).");
        Field(d => d.MediaType, nullable: true).Description("The IANA media type (text/csv), when the source gives one.");
        Field(d => d.Url, nullable: true).Description("Download URL, else access URL.");
        Field(d => d.ByteSize, nullable: true).Description("Size in bytes as the source declares it.");
    }
}

/// <summary>A column with its type, keys, personal-data class and latest profile.</summary>
public sealed class ColumnType : ObjectGraphType<ColumnRecord>
{
    public ColumnType()
    {
        Name = "Column";
        Search.GlobalId.ImplementOn(this);
        Field(c => c.Name);
        Field(c => c.Ordinal);
        Field(c => c.DataType);
        Field(c => c.IsNullable);
        Field(c => c.IsPrimaryKey);
        Field(c => c.Description, nullable: true);
        Field(c => c.DefaultValue, nullable: true);
        Field(c => c.References, nullable: true);
        Field(c => c.PiiClass, type: typeof(NonNullGraphType<PiiClassType>));
        Field<ColumnProfileType>("profile")
            .Resolve(ctx => ColumnProfileView.For(ctx, ctx.Source));
        Field<Scoring.StandardCheckType>("standard")
            .Description("How the column stands against the common standard; null when no standard dictionary is loaded.")
            .ResolveAsync(async ctx => await Scoring.ScoringLoaders.Standard(ctx, ctx.Source));
    }
}

/// <summary>A column as the API shows it (a projection of the stored row, its profile included).</summary>
public sealed record ColumnRecord(
    long Id, long DatasetId, string Name, int Ordinal, string DataType, bool IsNullable, bool IsPrimaryKey, string? Description,
    string? DefaultValue, string? References, PiiClass PiiClass, ColumnProfile? Profile)
{
    /// <summary>The projection, translated to SQL.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Column, ColumnRecord>> Project =
        c => new ColumnRecord(c.Id, c.DatasetId, c.Name, c.Ordinal, c.DataType, c.IsNullable, c.IsPrimaryKey, c.Description,
            c.DefaultValue, c.References, c.PiiClass, c.Profile);
}

/// <summary>A column's profile as the caller may see it: the values of a personal-data column (min, max, top values) only
/// for that department's stewards and auditors.</summary>
public sealed record ColumnProfileView(ColumnProfile Profile, bool ValuesWithheld)
{
    public static object? For(IResolveFieldContext context, ColumnRecord column)
    {
        if (column.Profile is not { } profile)
        {
            return null;
        }

        var principal = Access.AccessContext.Principal(context);
        if ((column.PiiClass == PiiClass.None && profile.Pii == PiiClass.None) || principal.IsAuditor)
        {
            return new ColumnProfileView(profile, false);
        }

        if (!principal.IsSteward)
        {
            return Withheld(profile);
        }

        return Access.AccessContext.Scope(context, column.DatasetId)
            .Then(scope => principal.MaySeePersonalData(scope?.Department) ? new ColumnProfileView(profile, false) : Withheld(profile));
    }

    private static ColumnProfileView Withheld(ColumnProfile profile) => new(profile with { Min = null, Max = null, TopValues = [] }, true);
}

/// <summary>Statistics of a column; values of personal-data columns are masked, and withheld from callers who may not see them.</summary>
public sealed class ColumnProfileType : ObjectGraphType<ColumnProfileView>
{
    public ColumnProfileType()
    {
        Name = "ColumnProfile";
        Field("rows", p => p.Profile.Rows);
        Field("nulls", p => p.Profile.Nulls);
        Field("empty", p => p.Profile.Empty);
        Field("distinct", p => p.Profile.Distinct);
        Field("distinctIsEstimate", p => p.Profile.DistinctIsEstimate);
        Field("completeness", p => p.Profile.Completeness);
        Field("min", p => p.Profile.Min, nullable: true);
        Field("max", p => p.Profile.Max, nullable: true);
        Field("minLength", p => p.Profile.MinLength, nullable: true);
        Field("maxLength", p => p.Profile.MaxLength, nullable: true);
        Field("inferredType", p => p.Profile.InferredType, type: typeof(NonNullGraphType<InferredTypeType>));
        Field("pii", p => p.Profile.Pii, type: typeof(NonNullGraphType<PiiClassType>));
        Field("semantic", p => p.Profile.Semantic, type: typeof(NonNullGraphType<SemanticTypeType>)).Description("What the values mean: a flag, a coordinate, an address, a code…");
        Field("sampled", p => p.Profile.Sampled);
        Field("piiEvidence", p => p.Profile.PiiEvidence, type: typeof(PiiEvidenceType)).Description("Why the column has its personal-data class.");
        Field("topValues", p => p.Profile.TopValues, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountType>>>));
        Field("patterns", p => p.Profile.Patterns, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountType>>>));
        Field("valuesWithheld", p => p.ValuesWithheld)
            .Description("True when min, max and topValues are left out: the column holds personal data, shown only to its department's stewards and to auditors.");
    }
}

/// <summary>How a dropped file was read, so a steward can see why it reads as it does.</summary>
public sealed class FileReadType : ObjectGraphType<FileReadDetails>
{
    public FileReadType()
    {
        Name = "FileRead";
        Field(f => f.Format).Description("csv, tsv or xlsx.");
        Field(f => f.Encoding, nullable: true).Description("Detected or forced text encoding (UTF-8, UTF-8 BOM, CP949); null for a workbook.");
        Field(f => f.Delimiter, nullable: true).Description("Field separator (, tab ; |); null for a workbook.");
        Field(f => f.Header).Description("Whether the first row was read as column names.");
        Field(f => f.HeaderCertain).Description("False when the header decision was a guess; the source option header overrides it.");
        Field(f => f.DroppedColumns, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>))
            .Description("Columns left out, such as the empty unnamed column of a trailing delimiter.");
        Field(f => f.Sheet, nullable: true).Description("The sheet of a workbook.");
    }
}

/// <summary>The evidence behind a column's personal-data class.</summary>
public sealed class PiiEvidenceType : ObjectGraphType<PiiEvidence>
{
    public PiiEvidenceType()
    {
        Name = "PiiEvidence";
        Field(e => e.NameCue, nullable: true).Description("The word of the column name that hinted a class or a person.");
        Field(e => e.Examined).Description("Non-blank values looked at.");
        Field(e => e.Matching).Description("Values that matched the class decided.");
        Field(e => e.Share).Description("Matching over examined, 0..1.");
        Field(e => e.CheckDigitsVerified).Description("Matching values whose check digit held.");
        Field(e => e.TextGuarded).Description("Values written with Excel's text guard (a leading backtick or apostrophe).");
        Field(e => e.Decision).Description("The decision in words.");
    }
}

/// <summary>A value or pattern and how many rows hold it.</summary>
public sealed class ValueCountType : ObjectGraphType<ValueCount>
{
    public ValueCountType()
    {
        Name = "ValueCount";
        Field(v => v.Value);
        Field(v => v.Count);
    }
}

/// <summary>A score (0–100) in one dimension, or overall when dimension is null, at one harvest.</summary>
public sealed class ScoreType : ObjectGraphType<ScoreRecord>
{
    public ScoreType()
    {
        Name = "Score";
        Field(s => s.Dimension, type: typeof(QualityDimensionType));
        Field(s => s.Value);
        Field(s => s.ComputedAt);
        Field(s => s.HarvestRunId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(s => s.Examined).Description("Rows (or checks) the judged rules examined.");
        Field(s => s.Failing);
        Field<NonNullGraphType<FloatGraphType>>("errorRate").Description("failing ÷ examined (오류율).")
            .Resolve(ctx => ctx.Source.Examined == 0 ? 0d : (double)ctx.Source.Failing / ctx.Source.Examined);
    }
}

/// <summary>A dataset's score as the API shows it: a projection of the stored row, so the table can change apart from the schema.</summary>
public sealed record ScoreRecord(long Id, long DatasetId, QualityDimension? Dimension, double Value, DateTimeOffset ComputedAt, long HarvestRunId, long Examined, long Failing);

/// <summary>The outcome of one rule with its evidence: measured against threshold over examined rows.</summary>
public sealed class RuleResultType : ObjectGraphType<RuleResultRecord>
{
    public RuleResultType()
    {
        Name = "RuleResult";
        Field(r => r.RuleId);
        Field(r => r.Dimension, type: typeof(NonNullGraphType<QualityDimensionType>));
        Field(r => r.ColumnName, nullable: true);
        Field(r => r.Passed);
        Field(r => r.Measured);
        Field(r => r.Threshold);
        Field(r => r.Examined);
        Field(r => r.Failing);
        Field(r => r.Message, nullable: true);
        Field<NonNullGraphType<FloatGraphType>>("errorRate").Description("failing ÷ examined (오류율).")
            .Resolve(ctx => ctx.Source.Examined == 0 ? 0d : (double)ctx.Source.Failing / ctx.Source.Examined);
        Field(r => r.Kind, nullable: true);
        Field(r => r.Status, type: typeof(NonNullGraphType<Scoring.RuleStatusType>));
        Field(r => r.Severity, type: typeof(NonNullGraphType<Scoring.RuleSeverityType>));
        Field(r => r.Weight);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("examples")
            .Description("Failing values, masked when the column holds personal data; empty for callers who may not see it (examplesWithheld).")
            .Resolve(ctx => MaySeeExamples(ctx) ? ctx.Source.Examples : []);
        Field<NonNullGraphType<BooleanGraphType>>("examplesWithheld")
            .Description("True when examples are left out: the rule's column holds personal data, shown only to its department's stewards and to auditors.")
            .Resolve(ctx => !MaySeeExamples(ctx));
        Field(r => r.Sampled).Description("Computed on a sample of the rows.");
        Field(r => r.Exhaustive).Description("False when only the profile's most frequent values were examined: failing is a lower bound.");
        Field(r => r.RuleSet, nullable: true);
    }

    private static bool MaySeeExamples(IResolveFieldContext<RuleResultRecord> context)
        => !context.Source.PersonalColumn || AccessContext.Principal(context).MaySeePersonalData(context.Source.Department);
}

/// <summary>A rule outcome as the API shows it, with the dataset's department and whether its column holds personal data
/// (which decide who reads its failing examples).</summary>
public sealed record RuleResultRecord(
    long Id, long DatasetId, string? Department, bool PersonalColumn, string RuleId, QualityDimension Dimension, string? ColumnName, bool Passed,
    double Measured, double Threshold, long Examined, long Failing, string? Message, string? Kind, RuleStatus Status,
    Core.Rules.RuleSeverity Severity, double Weight, IReadOnlyList<string> Examples, bool Sampled, bool Exhaustive, string? RuleSet);

/// <summary>A recorded change of a dataset.</summary>
public sealed class SchemaChangeType : ObjectGraphType<SchemaChangeRecord>
{
    public SchemaChangeType()
    {
        Name = "SchemaChange";
        Field(c => c.Kind, type: typeof(NonNullGraphType<ChangeKindType>));
        Field(c => c.ColumnName, nullable: true);
        Field(c => c.Before, nullable: true);
        Field(c => c.After, nullable: true);
        Field(c => c.DetectedAt);
        Field(c => c.HarvestRunId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

/// <summary>A recorded change as the API shows it (a projection of the stored row).</summary>
public sealed record SchemaChangeRecord(
    long Id, long DatasetId, long HarvestRunId, Core.Changes.ChangeKind Kind, string? ColumnName, string? Before, string? After, DateTimeOffset DetectedAt);

/// <summary>A department source. Its connection reference is not exposed.</summary>
public sealed class SourceType : ObjectGraphType<SourceRecord>
{
    public SourceType()
    {
        Name = "Source";
        Search.GlobalId.ImplementOn(this);
        Field(s => s.Id);
        Field(s => s.Kind);
        Field(s => s.Name);
        Field(s => s.Schedule);
        Field(s => s.TimeZone);
        Field(s => s.Owner, nullable: true);
        Field(s => s.Enabled);
        Field(s => s.Department, nullable: true);
    }
}

/// <summary>A source as the API shows it, with its department's code; its connection reference and options stay out.</summary>
public sealed record SourceRecord(string Id, string Kind, string Name, string Schedule, string TimeZone, string? Owner, bool Enabled, string? Department)
{
    /// <summary>The projection, translated to SQL (the department through a join).</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Source, SourceRecord>> Project =
        s => new SourceRecord(s.Id, s.Kind, s.Name, s.Schedule, s.TimeZone, s.Owner, s.Enabled, s.Department!.Code);
}

/// <summary>One harvest of one source.</summary>
public sealed class HarvestRunType : ObjectGraphType<HarvestRunRecord>
{
    public HarvestRunType()
    {
        Name = "HarvestRun";
        Search.GlobalId.ImplementOn(this);
        Field(r => r.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(r => r.SourceId);
        Field(r => r.Trigger);
        Field(r => r.Node);
        Field(r => r.StartedAt);
        Field(r => r.FinishedAt, nullable: true);
        Field(r => r.Status, type: typeof(NonNullGraphType<HarvestStatusType>));
        Field(r => r.DatasetsSeen);
        Field(r => r.DatasetsAdded);
        Field(r => r.DatasetsChanged);
        Field(r => r.DatasetsWithdrawn);
        Field(r => r.DatasetsFailed);
        Field(r => r.RowsRejected);
        // Error text and warnings can name hosts, ports, paths and connection settings: admins and the source's stewards only.
        Field<StringGraphType>("error").Description("Why the run failed; null for callers who may not see run details (detailWithheld).")
            .Resolve(ctx => MaySeeDetail(ctx) ? ctx.Source.Error : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings")
            .Resolve(ctx => MaySeeDetail(ctx) ? ctx.Source.Warnings : []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetErrorType>>>>("datasetErrors")
            .Resolve(ctx => MaySeeDetail(ctx)
                ? ctx.Source.DatasetErrors
                : ctx.Source.DatasetErrors.Select(e => e with { Error = AccessContext.RunDetailWithheld }).ToList());
        Field<NonNullGraphType<BooleanGraphType>>("detailWithheld")
            .Description("True when error, warnings and the datasets' error texts are left out: they are shown to admins and the source department's stewards.")
            .Resolve(ctx => !MaySeeDetail(ctx));
    }

    private static bool MaySeeDetail(IResolveFieldContext<HarvestRunRecord> context)
        => AccessContext.Principal(context).MaySeeRunDetail(context.Source.Department);
}

/// <summary>A harvest run as the API shows it, with its source's department (which decides who reads its detail).</summary>
public sealed record HarvestRunRecord(
    long Id, string SourceId, string? Department, string Trigger, string Node, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, HarvestStatus Status,
    int DatasetsSeen, int DatasetsAdded, int DatasetsChanged, int DatasetsWithdrawn, int DatasetsFailed, long RowsRejected,
    string? Error, IReadOnlyList<DatasetErrorRecord> DatasetErrors, IReadOnlyList<string> Warnings);

/// <summary>A dataset that failed alone during a run.</summary>
public sealed record DatasetErrorRecord(string Dataset, string Error);

/// <summary>A dataset that failed alone during a run.</summary>
public sealed class DatasetErrorType : ObjectGraphType<DatasetErrorRecord>
{
    public DatasetErrorType()
    {
        Name = "DatasetError";
        Field(e => e.Dataset);
        Field(e => e.Error);
    }
}

/// <summary>A department with the number of its datasets and their average score.</summary>
public sealed class DepartmentType : ObjectGraphType<DepartmentSummary>
{
    public DepartmentType()
    {
        Name = "Department";
        Field(d => d.Code);
        Field(d => d.Name);
        Field(d => d.DatasetCount);
        Field(d => d.AverageScore, nullable: true).Description("Mean overall score of the department's active datasets.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Scoring.ScopeScoreType>>>>("scores")
            .Description("Latest department scores, one per dimension and one overall (dimension null).")
            .Resolve(ctx => Scoring.ScoringLoaders.LatestScopeScores(ctx, DataCatalog.Persistence.Model.ScoreScope.Department, ctx.Source.Code));
        Scoring.ScoreTrendFields.AddTo(this, DataCatalog.Persistence.Model.ScoreScope.Department, d => d.Code);
    }
}

/// <summary>A department as listed.</summary>
public sealed record DepartmentSummary(string Code, string Name, int DatasetCount, double? AverageScore);

/// <summary>A page of datasets in the Relay connection shape.</summary>
public sealed record DatasetConnection(int TotalCount, IReadOnlyList<DatasetEdge> Edges, PageInfo PageInfo, DatasetSearch.Match Match);

public sealed record DatasetEdge(string Cursor, DatasetRecord Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public sealed class DatasetConnectionType : ObjectGraphType<DatasetConnection>
{
    public DatasetConnectionType()
    {
        Name = "DatasetConnection";
        Field(c => c.TotalCount).Description("Datasets matching the criteria, across all pages.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetEdgeType>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetType>>>>("nodes").Resolve(ctx => ctx.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<DatasetFacetsType>>("facets")
            .Description("How all matches (not only this page) split by department, kind and source.")
            .WithComplexityImpact(3 * CatalogQuery.SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await DatasetSearch.FacetsAsync(db, ctx.Source.Match, ctx.CancellationToken);
            });
    }
}

/// <summary>Counts of matching datasets per department code, kind and source id; each ignores its own filter.</summary>
public sealed class DatasetFacetsType : ObjectGraphType<DatasetSearch.Facets>
{
    public DatasetFacetsType()
    {
        Name = "DatasetFacets";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetValueType>>>>("departments").Resolve(ctx => ctx.Source.Departments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetValueType>>>>("kinds").Resolve(ctx => ctx.Source.Kinds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetValueType>>>>("sources").Resolve(ctx => ctx.Source.Sources);
    }
}

/// <summary>One facet value and its number of matches.</summary>
public sealed class FacetValueType : ObjectGraphType<DatasetSearch.FacetValue>
{
    public FacetValueType()
    {
        Name = "FacetValue";
        Field(v => v.Value);
        Field(v => v.Count);
    }
}

public sealed class DatasetEdgeType : ObjectGraphType<DatasetEdge>
{
    public DatasetEdgeType()
    {
        Name = "DatasetEdge";
        Field(e => e.Cursor);
        Field<NonNullGraphType<DatasetType>>("node").Resolve(ctx => ctx.Source.Node);
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(p => p.HasNextPage);
        Field(p => p.HasPreviousPage);
        Field(p => p.StartCursor, nullable: true);
        Field(p => p.EndCursor, nullable: true);
    }
}
