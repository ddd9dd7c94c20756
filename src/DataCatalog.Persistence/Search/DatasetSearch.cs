using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Persistence.Search;

/// <summary>Finds datasets by words (tsvector), Korean substrings and typos (trigrams), department and status.</summary>
public static class DatasetSearch
{
    /// <summary>What an analyst asked for.</summary>
    /// <param name="Text">Free text: words, a Korean substring, or a misspelt name.</param>
    /// <param name="Department">Department code.</param>
    /// <param name="IncludeWithdrawn">Also list datasets that are gone from their source.</param>
    public sealed record Criteria(string? Text = null, string? Department = null, bool IncludeWithdrawn = false, string? SourceId = null);

    /// <summary>One page of matches, best first when searching, by name otherwise, and the number of all matches.</summary>
    public static async Task<(int Total, IReadOnlyList<Dataset> Page)> FindAsync(
        CatalogDbContext db, Criteria criteria, int offset, int limit, CancellationToken cancellationToken)
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

        IOrderedQueryable<Dataset> ordered;
        if (criteria.Text?.Trim() is { Length: > 0 } text)
        {
            var pattern = "%" + EscapeLike(text) + "%";
            query = query.Where(d =>
                d.SearchVector!.Matches(EF.Functions.WebSearchToTsQuery("simple", text))
                || EF.Functions.ILike(d.SearchText, pattern, "\\")
                || EF.Functions.TrigramsWordSimilarity(text, d.SearchText) > 0.4);
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

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
