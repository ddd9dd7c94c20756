using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Rules;

/// <summary>Everything the engine knows of one dataset: declared structure and metadata, stored profiles, row-level probe results.</summary>
/// <param name="Department">The owning department's name, standing in for a missing publisher.</param>
/// <param name="LastChangedAt">When the data last changed as the catalog knows it (the source's modified date, else the last recorded change).</param>
public sealed record DatasetRuleInput(
    string SourceId,
    string? Department,
    DatasetSnapshot Snapshot,
    IReadOnlyList<ColumnProfile> Profiles,
    DateTimeOffset? LastChangedAt = null)
{
    /// <summary>Counts computed over every row at the source (push-down SQL); they replace the profile-based estimate of the same rule and column.</summary>
    public IReadOnlyList<RowProbeResult> Probes { get; init; } = [];
}

/// <summary>What a row-level probe found for one rule on one column (or on the dataset when <see cref="Column"/> is null).</summary>
/// <param name="Examples">Failing values, already masked.</param>
public sealed record RowProbeResult(string RuleId, string? Column, long Examined, long Failing, IReadOnlyList<string> Examples, bool Sampled = false);

/// <summary>What the engine needs from outside one dataset: the time, the standard checker, the city's bounds, values of other datasets.</summary>
/// <param name="Now">The scoring time (from an injected <see cref="TimeProvider"/>).</param>
/// <param name="Checker">The standard dictionary checker; null skips the standardization rules with that reason.</param>
/// <param name="Codes">Values of same-named columns across datasets, for <see cref="RuleKinds.SameCodeSameValues"/>.</param>
public sealed record RuleContext(DateTimeOffset Now, IStandardTermChecker? Checker = null, GeoBounds? CityBounds = null, CodeValueIndex? Codes = null);

/// <summary>A latitude/longitude box (WGS84).</summary>
public sealed record GeoBounds(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    /// <summary>South Korea including Jeju, Ulleungdo and Dokdo.</summary>
    public static GeoBounds Korea { get; } = new(33.0, 38.7, 124.5, 132.0);

    public bool Contains(double latitude, double longitude) =>
        latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude;
}

/// <summary>The most frequent values of every column, by column name, across the catalog's datasets.</summary>
public sealed class CodeValueIndex
{
    private readonly Dictionary<string, List<(string Dataset, HashSet<string> Values)>> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes the top values of every profiled column of <paramref name="datasets"/>; columns holding personal data are left out.</summary>
    public static CodeValueIndex Build(IEnumerable<(string Dataset, IReadOnlyList<ColumnProfile> Profiles)> datasets)
    {
        var index = new CodeValueIndex();
        foreach (var (dataset, profiles) in datasets)
        {
            foreach (var profile in profiles.Where(p => !Privacy.PiiClassExtensions.IsPersonal(p.Pii) && p.TopValues.Count > 0))
            {
                if (!index._byName.TryGetValue(profile.Column, out var list))
                {
                    index._byName[profile.Column] = list = [];
                }

                list.Add((dataset, profile.TopValues.Select(v => v.Value.Trim()).ToHashSet(StringComparer.Ordinal)));
            }
        }

        return index;
    }

    /// <summary>Other datasets' value sets of a column named <paramref name="column"/>.</summary>
    public IEnumerable<(string Dataset, IReadOnlySet<string> Values)> Others(string dataset, string column) =>
        _byName.TryGetValue(column, out var list)
            ? list.Where(e => e.Dataset != dataset).Select(e => (e.Dataset, (IReadOnlySet<string>)e.Values))
            : [];
}
