using System.Text;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Search;

/// <summary>How a page of search results is ordered.</summary>
public enum SearchSort
{
    /// <summary>Best match first (the default with search text).</summary>
    Relevance,
    /// <summary>Highest overall score first; unscored last.</summary>
    Score,
    /// <summary>By title, else qualified name (the default without search text).</summary>
    Name,
    /// <summary>Most recent change (schema change, else first seen) first.</summary>
    Changed,
}

/// <summary>How a dataset's columns stand against the standard dictionary: all, some, none conform, or not judged.</summary>
public enum StandardConformance
{
    Full,
    Partial,
    None,
    Unknown,
}

/// <summary>A score range in one dimension, or overall when <see cref="Dimension"/> is null; both ends inclusive.</summary>
public sealed record ScoreRange(QualityDimension? Dimension, double? Min, double? Max);

/// <summary>What an analyst narrows a search with; an empty list means no filter.</summary>
public sealed record SearchFilters
{
    public IReadOnlyList<string> Departments { get; init; } = [];
    public IReadOnlyList<string> SourceKinds { get; init; } = [];
    public IReadOnlyList<string> Grades { get; init; } = [];
    public bool? HasOpenFindings { get; init; }
    public IReadOnlyList<string> PiiClasses { get; init; } = [];
    public IReadOnlyList<string> UpdateCycles { get; init; } = [];
    public IReadOnlyList<StandardConformance> Conformance { get; init; } = [];
    public IReadOnlyList<ScoreRange> Scores { get; init; } = [];
    public DateTimeOffset? UpdatedSince { get; init; }
    public bool IncludeWithdrawn { get; init; }
}

/// <summary>Where the previous page ended, in the order it was sorted by.</summary>
/// <param name="Number">Rank or score (sorts by relevance and score).</param>
/// <param name="Text">Name (sort by name).</param>
/// <param name="Time">Last change (sort by change).</param>
public sealed record SearchCursor(SearchSort Sort, double Number, string? Text, DateTimeOffset? Time, long DatasetId)
{
    private const string Prefix = "s1";

    /// <summary>An opaque, URL-safe token.</summary>
    public string Encode()
    {
        var payload = Sort switch
        {
            SearchSort.Name => Text ?? "",
            SearchSort.Changed => Time!.Value.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => BitConverter.DoubleToInt64Bits(Number).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var text = $"{Prefix}|{(int)Sort}|{DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{payload}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads a token <see cref="Encode"/> made; null when it is not one.</summary>
    public static SearchCursor? TryDecode(string token)
    {
        try
        {
            if (token.Length > 2048)
            {
                return null;
            }

            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 4);
            if (parts.Length != 4 || parts[0] != Prefix
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sortValue)
                || !Enum.IsDefined(typeof(SearchSort), sortValue)
                || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            var sort = (SearchSort)sortValue;
            var payload = parts[3];
            return sort switch
            {
                SearchSort.Name => new SearchCursor(sort, 0, payload, null, id),
                SearchSort.Changed => long.TryParse(payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                    && ticks is >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    ? new SearchCursor(sort, 0, null, new DateTimeOffset(ticks, TimeSpan.Zero), id)
                    : null,
                _ => long.TryParse(payload, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var bits)
                    && double.IsFinite(BitConverter.Int64BitsToDouble(bits))
                    ? new SearchCursor(sort, BitConverter.Int64BitsToDouble(bits), null, null, id)
                    : null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>One search: text, filters, order, where to start, how many, and whether to count and facet.</summary>
/// <param name="FacetNames">With <paramref name="WithFacets"/>: only these facets (names of <see cref="CatalogSearch.Facet"/>)
/// are counted; null counts every facet.</param>
public sealed record SearchRequest(
    string? Text,
    SearchFilters Filters,
    SearchSort? Sort = null,
    SearchCursor? After = null,
    int First = 20,
    bool WithTotal = true,
    bool WithFacets = false,
    IReadOnlySet<string>? FacetNames = null);

/// <summary>A matching dataset and where it sorts.</summary>
public sealed record SearchHit(long DatasetId, double Rank, SearchCursor Cursor);

/// <summary>One value of a facet and how many matches have it.</summary>
public sealed record SearchFacetValue(string Value, long Count);

/// <summary>
/// Counts of matches per value of each filter, each counted with every other filter applied and its own ignored.
/// When the matches are more than the sampling threshold the counts are estimated from a deterministic sample and
/// <see cref="Estimated"/> says so.
/// </summary>
public sealed record SearchFacets(IReadOnlyDictionary<string, IReadOnlyList<SearchFacetValue>> Values, bool Estimated)
{
    public IReadOnlyList<SearchFacetValue> this[string facet] => Values.TryGetValue(facet, out var values) ? values : [];
}

/// <summary>A page of hits, whether more follow, and (when asked) the number of all matches and the facets.</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, bool HasNextPage, long? Total, SearchFacets? Facets, SearchSort Sort);
