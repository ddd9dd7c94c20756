using DataCatalog.Core.Findings;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence.Model;
using DataCatalog.Api.Access;
using GraphQL.Types;

namespace DataCatalog.Api.Scoring;

public sealed class RuleStatusType : EnumerationGraphType<RuleStatus>;

public sealed class RuleSeverityType : EnumerationGraphType<RuleSeverity>;

public sealed class FindingStatusType : EnumerationGraphType<FindingStatus>;

public sealed class ScoreScopeType : EnumerationGraphType<ScoreScope>;

public sealed class StandardConformanceType : EnumerationGraphType<StandardConformance>;

/// <summary>A failed rule on a dataset (and column) that stewards follow up, with its evidence and waiver.</summary>
public sealed class FindingType : ObjectGraphType<FindingRecord>
{
    public FindingType()
    {
        Name = "Finding";
        Field(f => f.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(f => f.RuleId);
        Field(f => f.ColumnName, nullable: true);
        Field(f => f.Dimension, type: typeof(NonNullGraphType<Catalog.QualityDimensionType>));
        Field(f => f.Severity, type: typeof(NonNullGraphType<RuleSeverityType>));
        Field(f => f.Status, type: typeof(NonNullGraphType<FindingStatusType>));
        Field(f => f.Message, nullable: true);
        Field(f => f.Examined);
        Field(f => f.Failing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("examples")
            .Description("Failing values, masked when the column holds personal data; empty for callers who may not see it (examplesWithheld).")
            .Resolve(ctx => Access.AccessContext.MaySeeExamples(ctx, ctx.Source.DatasetId, ctx.Source.ColumnName)
                .Then(may => may ? ctx.Source.Examples : []));
        Field<NonNullGraphType<BooleanGraphType>>("examplesWithheld")
            .Description("True when examples are left out: the rule's column holds personal data, shown only to its department's stewards and to auditors.")
            .Resolve(ctx => Access.AccessContext.MaySeeExamples(ctx, ctx.Source.DatasetId, ctx.Source.ColumnName).Then(may => !may));
        Field(f => f.OpenedAt);
        Field(f => f.UpdatedAt);
        Field(f => f.ClosedAt, nullable: true);
        Field(f => f.AssignedTo, nullable: true);
        Field(f => f.WaiverReason, nullable: true);
        Field(f => f.WaivedBy, nullable: true);
        Field(f => f.WaivedUntil, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingEventType>>>>("events")
            .Description("Every transition, oldest first.")
            .Resolve(ctx => ScoringLoaders.FindingEvents(ctx, ctx.Source.Id));
    }
}

/// <summary>One transition of a finding, by the catalog or a steward.</summary>
public sealed class FindingEventType : ObjectGraphType<FindingEventRecord>
{
    public FindingEventType()
    {
        Name = "FindingEvent";
        Field(e => e.From, type: typeof(FindingStatusType));
        Field(e => e.To, type: typeof(NonNullGraphType<FindingStatusType>));
        Field(e => e.Actor);
        Field(e => e.Note, nullable: true);
        Field(e => e.At);
    }
}

/// <summary>A finding as the API shows it: a projection of the stored row, so the table can change apart from the schema.</summary>
public sealed record FindingRecord(
    long Id, long DatasetId, string RuleId, string? ColumnName, QualityDimension Dimension, RuleSeverity Severity, FindingStatus Status,
    string? Message, long Examined, long Failing, IReadOnlyList<string> Examples, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt, string? AssignedTo, string? WaiverReason, string? WaivedBy, DateTimeOffset? WaivedUntil)
{
    /// <summary>The projection, translated to SQL: only the columns the type shows.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Finding, FindingRecord>> Project =
        f => new FindingRecord(f.Id, f.DatasetId, f.RuleId, f.ColumnName, f.Dimension, f.Severity, f.Status, f.Message, f.Examined, f.Failing,
            f.Examples, f.OpenedAt, f.UpdatedAt, f.ClosedAt, f.AssignedTo, f.WaiverReason, f.WaivedBy, f.WaivedUntil);
}

/// <summary>A finding's transition as the API shows it (a projection of the stored row).</summary>
public sealed record FindingEventRecord(long Id, long FindingId, FindingStatus? From, FindingStatus To, string Actor, string? Note, DateTimeOffset At)
{
    /// <summary>The projection, translated to SQL.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<FindingEvent, FindingEventRecord>> Project =
        e => new FindingEventRecord(e.Id, e.FindingId, e.From, e.To, e.Actor, e.Note, e.At);
}

/// <summary>A dataset's AI-readiness grade A–E with the reasons that hold it back, most costly first.</summary>
public sealed class DatasetGradeType : ObjectGraphType<DatasetGradeRecord>
{
    public DatasetGradeType()
    {
        Name = "DatasetGrade";
        Field(g => g.Grade);
        Field(g => g.Points).Description("0–100; A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GradeReasonType>>>>("reasons").Resolve(ctx => ctx.Source.Reasons);
        Field(g => g.ComputedAt);
    }
}

/// <summary>What holds a grade back and how many points it costs.</summary>
public sealed class GradeReasonType : ObjectGraphType<GradeReasonRecord>
{
    public GradeReasonType()
    {
        Name = "GradeReason";
        Field(r => r.Criterion);
        Field(r => r.PointsLost);
        Field(r => r.Message);
    }
}

/// <summary>A source's, department's or the city's score in one dimension (or overall) with its error-rate counts.</summary>
public sealed class ScopeScoreType : ObjectGraphType<ScopeScoreRecord>
{
    public ScopeScoreType()
    {
        Name = "ScopeScore";
        Field(s => s.Scope, type: typeof(NonNullGraphType<ScoreScopeType>));
        Field(s => s.ScopeKey);
        Field(s => s.Dimension, type: typeof(Catalog.QualityDimensionType)).Description("Null for the overall score.");
        Field(s => s.Value);
        Field(s => s.Examined);
        Field(s => s.Failing);
        Field<NonNullGraphType<FloatGraphType>>("errorRate").Description("failing ÷ examined (오류율).")
            .Resolve(ctx => ctx.Source.Examined == 0 ? 0d : (double)ctx.Source.Failing / ctx.Source.Examined);
        Field(s => s.Datasets);
        Field(s => s.ComputedAt);
    }
}

/// <summary>A roll-up score as the API shows it (a projection of the stored row).</summary>
public sealed record ScopeScoreRecord(
    ScoreScope Scope, string ScopeKey, QualityDimension? Dimension, double Value, long Examined, long Failing, int Datasets, DateTimeOffset ComputedAt);

/// <summary>A dataset's grade as the API shows it.</summary>
public sealed record DatasetGradeRecord(long DatasetId, string Grade, double Points, IReadOnlyList<GradeReasonRecord> Reasons, DateTimeOffset ComputedAt);

/// <summary>What holds a grade back, as the API shows it.</summary>
public sealed record GradeReasonRecord(string Criterion, double PointsLost, string Message);

/// <summary>The city as a whole: its latest scores per dimension and their history.</summary>
public sealed class CityType : ObjectGraphType<object>
{
    public CityType()
    {
        Name = "City";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScopeScoreType>>>>("scores")
            .Description("Latest city scores, one per dimension and one overall (dimension null).")
            .Resolve(ctx => ScoringLoaders.LatestScopeScores(ctx, ScoreScope.City, ""));
        ScoreTrendFields.AddTo(this, ScoreScope.City, _ => "");
    }
}

/// <summary>How a column stands against the common standard (공공데이터 공통표준).</summary>
public sealed class StandardCheckType : ObjectGraphType<StandardTermCheck>
{
    public StandardCheckType()
    {
        Name = "StandardCheck";
        Field(c => c.Conformance, type: typeof(NonNullGraphType<StandardConformanceType>));
        Field(c => c.MatchedTerm, nullable: true);
        Field(c => c.MatchedAbbreviation, nullable: true);
        Field(c => c.DomainName, nullable: true);
        Field(c => c.ExpectedType, nullable: true);
        Field(c => c.Problems);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StandardSuggestionType>>>>("suggestions").Resolve(ctx => ctx.Source.Suggestions);
    }
}

/// <summary>A standard term proposed for a non-standard column name.</summary>
public sealed class StandardSuggestionType : ObjectGraphType<StandardTermSuggestion>
{
    public StandardSuggestionType()
    {
        Name = "StandardSuggestion";
        Field(s => s.Term);
        Field(s => s.Abbreviation);
        Field(s => s.DomainName, nullable: true);
        Field(s => s.Score);
        Field(s => s.Reason);
    }
}
