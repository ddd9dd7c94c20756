using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Persistence.Search;

/// <summary>
/// The deprecated <c>datasets(search:)</c>: datasets by text, department, source and status, offset-paged. The text is
/// matched by the host's in-memory index as <c>search(text:)</c> matches it (words, Korean substrings, typos), so
/// neither finding nor counting scans the datasets; the matches are then ordered as this field always ordered them.
/// </summary>
public static class DatasetSearch
{
    /// <summary>What an analyst asked for.</summary>
    /// <param name="Text">Free text: words, a Korean substring, or a misspelt name.</param>
    /// <param name="Department">Department code.</param>
    /// <param name="IncludeWithdrawn">Also list datasets that are gone from their source.</param>
    public sealed record Criteria(string? Text = null, string? Department = null, bool IncludeWithdrawn = false, string? SourceId = null);

    /// <summary>The criteria with the ids of the datasets holding their text, looked up once for the page and its facets.</summary>
    /// <param name="Ids">From the index; null without text or when the text has no word (only punctuation, say), which
    /// is then matched literally.</param>
    public sealed record Match(Criteria Criteria, long[]? Ids);

    /// <summary>Looks the text of <paramref name="criteria"/> up in the index.</summary>
    public static async Task<Match> MatchAsync(CatalogDbContext db, SearchIndex index, Criteria criteria, CancellationToken cancellationToken) =>
        new(criteria, SearchText(criteria) is { } text ? await index.MatchingDatasetIdsAsync(db, text, cancellationToken) : null);

    /// <summary>Counts of matches per department code, dataset kind and source id, largest first.</summary>
    public sealed record Facets(IReadOnlyList<FacetValue> Departments, IReadOnlyList<FacetValue> Kinds, IReadOnlyList<FacetValue> Sources);

    /// <summary>One value of a facet and how many matches have it.</summary>
    public sealed record FacetValue(string Value, int Count);

    /// <summary>One page of matches, best first when searching, by name otherwise, and the number of all matches.</summary>
    public static async Task<(int Total, IReadOnlyList<Dataset> Page)> FindAsync(
        CatalogDbContext db, Match match, int offset, int limit, CancellationToken cancellationToken)
    {
        var criteria = match.Criteria;
        var query = Matching(db, criteria, match.Ids);
        IOrderedQueryable<Dataset> ordered;
        if (SearchText(criteria) is { } text)
        {
            var pattern = "%" + EscapeLike(text) + "%";
            // A hit in the title outranks one in a column name or a keyword.
            ordered = query
                .OrderByDescending(d => d.SearchVector!.Rank(EF.Functions.WebSearchToTsQuery("simple", text))
                    + EF.Functions.TrigramsWordSimilarity(text, d.SearchText)
                    + (EF.Functions.ILike(d.Title ?? "", pattern, "\\") ? 1.0 : 0.0))
                .ThenBy(d => d.QualifiedName);
        }
        else
        {
            ordered = query.OrderBy(d => d.SourceId).ThenBy(d => d.QualifiedName);
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await ordered.ThenBy(d => d.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (total, page);
    }

    /// <summary>How the matches split by department, kind and source, so an analyst can narrow a search.</summary>
    /// <remarks>Each facet counts the matches of the other criteria, ignoring its own, so choosing one department still
    /// shows how many matches the other departments have.</remarks>
    public static async Task<Facets> FacetsAsync(CatalogDbContext db, Match match, CancellationToken cancellationToken)
    {
        var (criteria, matched) = match;
        var departments = await Matching(db, criteria with { Department = null }, matched)
            .GroupBy(d => d.Source!.Department!.Code)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        var kinds = await Matching(db, criteria, matched)
            .GroupBy(d => d.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var sources = await Matching(db, criteria with { SourceId = null }, matched)
            .GroupBy(d => d.SourceId)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        return new Facets(
            Sorted(departments),
            Sorted(kinds.Select(k => new FacetValue(k.Key.ToString(), k.Count))),
            Sorted(sources));
    }

    private static IReadOnlyList<FacetValue> Sorted(IEnumerable<FacetValue> values) =>
        values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();

    // PostgreSQL text cannot hold NUL (22021), so a NUL typed or pasted into a search is read as a space.
    private static string? SearchText(Criteria criteria) =>
        criteria.Text?.Replace('\0', ' ').Trim() is { Length: > 0 } text ? text : null;

    private static IQueryable<Dataset> Matching(CatalogDbContext db, Criteria criteria, long[]? matched)
    {
        var query = db.Datasets.AsNoTracking();
        if (!criteria.IncludeWithdrawn)
        {
            query = query.Where(d => d.Status == DatasetStatus.Active);
        }

        if (criteria.Department is { Length: > 0 } department)
        {
            query = query.Where(d => d.Source!.Department!.Code == department);
        }

        if (criteria.SourceId is { Length: > 0 } sourceId)
        {
            query = query.Where(d => d.SourceId == sourceId);
        }

        if (matched is not null)
        {
            query = query.Where(d => matched.Contains(d.Id));
        }
        else if (SearchText(criteria) is { } text)
        {
            var pattern = "%" + EscapeLike(text) + "%";
            query = query.Where(d => EF.Functions.ILike(d.SearchText, pattern, "\\"));
        }

        return query;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
