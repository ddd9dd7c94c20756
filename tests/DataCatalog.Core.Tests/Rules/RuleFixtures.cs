using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Rules;

/// <summary>Builders of profiles, rules and datasets with known counts.</summary>
internal static class RuleFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static ColumnProfile Profile(string column, long rows, long nulls = 0, long empty = 0, long? distinct = null, string? min = null, string? max = null,
        (string Value, long Count)[]? top = null, bool sampled = false, bool estimate = false, InferredType type = InferredType.Text, PiiClass pii = PiiClass.None,
        SemanticType semantic = SemanticType.None) =>
        new(column, rows, nulls, empty, distinct ?? rows - nulls - empty, estimate, min, max, null, null,
            (top ?? []).Select(t => new ValueCount(t.Value, t.Count)).ToList(), [], type, pii, Sampled: sampled)
        { Semantic = semantic };

    public static RuleDefinition Rule(string id, QualityDimension dimension, string kind, double error = 1, double? warn = null,
        RuleParameters? parameters = null, ColumnSelector? columns = null, double weight = 1) =>
        new(id, dimension, kind, new RuleTarget(DatasetSelector.All, columns ?? ColumnSelector.All), parameters ?? RuleParameters.None, new RuleThreshold(error, warn), weight);

    public static ColumnSelector Columns(params string[] names) => ColumnSelector.All with { Names = names };

    public static DatasetRuleInput Dataset(IReadOnlyList<ColumnProfile> profiles, DatasetMetadata? metadata = null, DatasetKind kind = DatasetKind.Table,
        IReadOnlyList<ColumnSnapshot>? columns = null, DateTimeOffset? lastChanged = null, string name = "public.sample") =>
        new("test-db", "시험과", new DatasetSnapshot(name, kind,
            columns ?? profiles.Select((p, i) => new ColumnSnapshot(p.Column, i + 1, "text")).ToList(), metadata ?? DatasetMetadata.Empty), profiles, lastChanged);

    public static IReadOnlyList<RuleOutcome> Evaluate(DatasetRuleInput input, params RuleDefinition[] rules) =>
        RuleEngine.Evaluate(new RuleSet("test", new Dictionary<QualityDimension, double>(), rules), input, new RuleContext(Now));

    public static IReadOnlyList<RuleOutcome> Evaluate(DatasetRuleInput input, RuleContext context, params RuleDefinition[] rules) =>
        RuleEngine.Evaluate(new RuleSet("test", new Dictionary<QualityDimension, double>(), rules), input, context);
}

/// <summary>A stand-in for the standard dictionary checker, the seam another part of the catalog implements
/// (Core.Standards); it knows two terms so the engine's use of a judgement can be tested without the dictionaries.</summary>
internal sealed class TwoTermChecker : IStandardTermChecker
{
    public StandardTermCheck Check(StandardColumnInput column) => column.Name.ToUpperInvariant() switch
    {
        "PRKPLCE_NM" => new(StandardConformance.Conformant, "주차장명", "PRKPLCE_NM", "명V100", "VARCHAR(100)", ["주차장", "명"], [], [], []),
        "REG_YMD" => new(StandardConformance.DomainMismatch, "등록일자", "REG_YMD", "연월일C8", "CHAR(8)", ["등록", "일자"], [],
            [$"type {column.DataType}, expected CHAR(8) for 연월일C8"], []),
        _ => new(StandardConformance.NonStandard, null, null, null, null, [], [column.Name], [$"'{column.Name}' is not made of standard words"],
            [new StandardTermSuggestion("정류소명", "STTN_NM", "명V100", 0.8, "nearest term")]),
    };
}
