using DataCatalog.Core.Scoring;

namespace DataCatalog.Core.Rules;

/// <summary>The rule kinds the engine evaluates, the dimension each belongs to and the parameters each reads.</summary>
public static class RuleKinds
{
    public const string NotNull = "not-null";
    public const string RequiredMetadata = "required-metadata";
    public const string Pattern = "pattern";
    public const string AcceptedValues = "accepted-values";
    public const string Range = "range";
    public const string CalendarDate = "calendar-date";
    public const string DomainFormat = "domain-format";
    public const string Unique = "unique";
    public const string PrimaryKey = "primary-key";
    public const string ForeignKey = "foreign-key";
    public const string ColumnOrder = "column-order";
    public const string SameCodeSameValues = "same-code-same-values";
    public const string UpdateCycle = "update-cycle";
    public const string CheckDigit = "check-digit";
    public const string Coordinates = "coordinates";
    public const string StandardTerm = "standard-term";

    /// <summary>A kind's dimensions (where it may be declared), whether it judges columns, and its parameters (required ones end with <c>!</c>).</summary>
    public sealed record KindInfo(IReadOnlyList<QualityDimension> Dimensions, bool PerColumn, IReadOnlyList<string> Parameters)
    {
        public IEnumerable<string> Required => Parameters.Where(p => p.EndsWith('!')).Select(p => p.TrimEnd('!'));

        public IEnumerable<string> Allowed => Parameters.Select(p => p.TrimEnd('!'));
    }

    public static IReadOnlyDictionary<string, KindInfo> All { get; } = new Dictionary<string, KindInfo>(StringComparer.Ordinal)
    {
        [NotNull] = new([QualityDimension.Completeness], true, []),
        [RequiredMetadata] = new([QualityDimension.Completeness, QualityDimension.Standardization], false, ["fields"]),
        [Pattern] = new([QualityDimension.Validity], true, ["pattern!"]),
        [AcceptedValues] = new([QualityDimension.Validity], true, ["values!"]),
        [Range] = new([QualityDimension.Validity, QualityDimension.Accuracy], true, ["min", "max"]),
        [CalendarDate] = new([QualityDimension.Validity], true, ["format"]),
        [DomainFormat] = new([QualityDimension.Validity], true, []),
        [Unique] = new([QualityDimension.Uniqueness], true, ["columns"]),
        [PrimaryKey] = new([QualityDimension.Uniqueness], false, []),
        [ForeignKey] = new([QualityDimension.Consistency], true, []),
        [ColumnOrder] = new([QualityDimension.Consistency], false, ["columns!"]),
        [SameCodeSameValues] = new([QualityDimension.Consistency], true, []),
        [UpdateCycle] = new([QualityDimension.Timeliness], false, ["graceDays"]),
        [CheckDigit] = new([QualityDimension.Accuracy], true, ["scheme!"]),
        [Coordinates] = new([QualityDimension.Accuracy], false, ["bounds"]),
        [StandardTerm] = new([QualityDimension.Standardization], true, []),
    };
}
