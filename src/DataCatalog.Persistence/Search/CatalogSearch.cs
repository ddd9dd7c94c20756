using System.Globalization;
using System.Text;
using DataCatalog.Core.Scoring;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Persistence.Search;

/// <summary>
/// Searches the per-dataset search documents (<c>dataset_search</c>, kept by triggers): words and Korean bigrams
/// through the tsvector GIN index, typos through the trigram index of the distinct words, filters on the document's
/// columns; the page, the count and every facet in one statement over one matching set.
/// </summary>
public static class CatalogSearch
{
    /// <summary>Above this many matches the facets are counted on a deterministic sample and labelled estimated.</summary>
    public const int FacetSampleThreshold = 20_000;

    /// <summary>Facet names, one per filter.</summary>
    public static class Facet
    {
        public const string Department = "department";
        public const string SourceKind = "sourceKind";
        public const string Grade = "grade";
        public const string OpenFindings = "openFindings";
        public const string PiiClass = "piiClass";
        public const string UpdateCycle = "updateCycle";
        public const string Conformance = "conformance";
        public const string Updated = "updated";

        /// <summary>Score bands overall (<c>score</c>) or in one dimension (<c>score:Validity</c>).</summary>
        public static string Score(QualityDimension? dimension) => dimension is { } d ? "score:" + d : "score";
    }

    /// <summary>Score bands of the score facets, lowest first.</summary>
    public static readonly IReadOnlyList<string> ScoreBands = ["0-59", "60-79", "80-89", "90-100", "unscored"];

    /// <summary>Bands of the last-change facet, relative to the time of the search.</summary>
    public static readonly IReadOnlyList<string> UpdatedBands = ["day", "week", "month", "year", "older"];

    /// <summary>Runs <paramref name="request"/> in one SQL statement: page, total and facets as asked.</summary>
    /// <remarks>
    /// A word of the search that no document holds is first looked up among the known words (one more statement,
    /// only then), so that the main statement carries its whole tsquery as a value the planner sees.
    /// </remarks>
    public static async Task<SearchPage> SearchAsync(
        CatalogDbContext db, SearchRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var typos = await SimilarWordsAsync(db, request.Text, cancellationToken);
        var command = Build(request, now, typos);
        var rows = await db.Database.SqlQueryRaw<SearchRow>(command.Sql, command.Parameters.ToArray<object>())
            .ToListAsync(cancellationToken);
        return Read(request, command.Sort, rows);
    }

    /// <summary>The statement <see cref="SearchAsync"/> runs, for EXPLAIN and the benchmark's raw SQL.</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters, SearchSort Sort) Build(
        SearchRequest request, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? similarWords = null)
    {
        var builder = new Builder(request, now, similarWords);
        return (builder.Sql(), builder.Parameters, builder.Sort);
    }

    /// <summary>
    /// Columns whose name or description holds the text (words and Korean substrings, through the expression index
    /// on columns) or whose name is the abbreviation of a standard term holding it, in datasets that pass the
    /// filters; in column id order after <paramref name="afterColumnId"/>.
    /// </summary>
    public static async Task<(IReadOnlyList<long> ColumnIds, bool HasNextPage)> SearchColumnsAsync(
        CatalogDbContext db, string text, SearchFilters filters, long afterColumnId, int first, CancellationToken cancellationToken)
    {
        var command = BuildColumns(text, filters, afterColumnId, first);
        var ids = (await db.Database.SqlQueryRaw<ColumnHit>(command.Sql, command.Parameters.ToArray<object>()).ToListAsync(cancellationToken))
            .Select(h => h.id).ToList();
        return (ids.Take(first).ToList(), ids.Count > first);
    }

    /// <summary>The statement <see cref="SearchColumnsAsync"/> runs.</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) BuildColumns(string text, SearchFilters filters, long afterColumnId, int first)
    {
        var builder = new Builder(new SearchRequest(text, filters, SearchSort.Name, First: first), DateTimeOffset.UnixEpoch, null);
        return (builder.ColumnSql(afterColumnId), builder.Parameters);
    }

    /// <summary>
    /// For each token of <paramref name="text"/> long enough to be misspelt that no dataset holds as written, the
    /// five known words most like it (trigram similarity over the distinct words, through their trigram index).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SimilarWordsAsync(
        CatalogDbContext db, string? text, CancellationToken cancellationToken)
    {
        return await SimilarWordsAsync(db, SearchTokens.Tokens(text).Where(t => t.TypoCandidate).ToList(), cancellationToken);
    }

    /// <summary>For each of <paramref name="candidates"/> that no dataset holds as written, the five known words most like it.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SimilarWordsAsync(
        CatalogDbContext db, IReadOnlyList<SearchTokens.Token> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }

        var (sql, parameters) = BuildSimilarWords(candidates);
        var rows = await db.Database.SqlQueryRaw<SimilarRow>(sql, parameters.ToArray<object>()).ToListAsync(cancellationToken);
        return rows.Where(r => !r.found && r.similar.Length > 0)
            .ToDictionary(r => candidates[(int)r.i - 1].Text, r => (IReadOnlyList<string>)r.similar, StringComparer.Ordinal);
    }

    /// <summary>The statement <see cref="SimilarWordsAsync(CatalogDbContext, IReadOnlyList{SearchTokens.Token}, CancellationToken)"/> runs.</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) BuildSimilarWords(IReadOnlyList<SearchTokens.Token> tokens)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("queries", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tokens.Select(t => t.Query).ToArray() },
            new("exact", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = tokens.Select(t => t.Query.EndsWith(":*", StringComparison.Ordinal) ? t.Query[..^2] : t.Query).ToArray(),
            },
            new("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tokens.Select(t => t.Text).ToArray() },
        };
        // The similar words are looked up only for a token no document holds: a word spelt right (most searches) costs
        // one index probe, not a trigram search. The probe tries the whole word before the prefix (a GIN partial match
        // is the dearer probe), and OFFSET 0 keeps it evaluated once although two expressions read it.
        const string sql = """
            SELECT t.i AS i, f.found AS found,
                CASE WHEN f.found THEN ARRAY[]::text[]
                     ELSE ARRAY(SELECT w.word FROM search_words w WHERE w.word % t.w GROUP BY w.word
                                ORDER BY max(similarity(w.word, t.w)) DESC, w.word LIMIT 5) END AS similar
            FROM unnest(@queries, @exact, @words) WITH ORDINALITY AS t(q, e, w, i)
            CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM dataset_search s WHERE s.words @@ t.e::tsquery)
                                    OR EXISTS (SELECT 1 FROM dataset_search s WHERE s.words @@ t.q::tsquery) AS found OFFSET 0) f
            """;
        return (sql, parameters);
    }

    private sealed record SimilarRow(long i, bool found, string[] similar);

    private static SearchPage Read(SearchRequest request, SearchSort sort, List<SearchRow> rows)
    {
        var page = rows.Where(r => r.part == "page").OrderBy(r => r.ordinal).ToList();
        var hits = page.Take(request.First)
            .Select(r => new SearchHit(r.id, r.rank, sort switch
            {
                SearchSort.Name => new SearchCursor(sort, 0, r.text, null, r.id),
                SearchSort.Changed => new SearchCursor(sort, 0, null, r.time, r.id),
                _ => new SearchCursor(sort, r.number, null, null, r.id),
            }))
            .ToList();
        long? total = request.WithTotal ? rows.Where(r => r.part == "total").Sum(r => r.count) : null;
        SearchFacets? facets = null;
        if (request.WithFacets)
        {
            var sampled = rows.Where(r => r.part == "sample").Select(r => r.count).FirstOrDefault();
            var factor = Math.Max(1, sampled);
            var values = rows.Where(r => r.part == "facet")
                .GroupBy(r => r.facet!)
                .ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyList<SearchFacetValue>)g.Select(r => new SearchFacetValue(r.value ?? "", r.count * factor))
                        .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList());
            facets = new SearchFacets(values, factor > 1);
        }

        return new SearchPage(hits, page.Count > request.First, total, facets, sort);
    }

    /// <summary>One row of the combined result: a page row, the total, the sampling factor or a facet value.</summary>
    // Lower-case names: SqlQueryRaw maps result columns by name, under the snake-case naming convention too.
    private sealed record SearchRow(string part, string? facet, string? value, long count, long id, double rank, double number, int ordinal, string? text, DateTimeOffset? time);

    private sealed record ColumnHit(long id);

    private sealed class Builder
    {
        private readonly SearchRequest _request;
        private readonly DateTimeOffset _now;
        private readonly IReadOnlyList<SearchTokens.Token> _tokens;

        private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _similar;

        public Builder(SearchRequest request, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? similar)
        {
            _request = request;
            _similar = similar ?? new Dictionary<string, IReadOnlyList<string>>();
            _now = now.ToUniversalTime();
            _tokens = SearchTokens.Tokens(request.Text);
            Sort = request.Sort ?? (_tokens.Count > 0 ? SearchSort.Relevance : SearchSort.Name);
            if (Sort == SearchSort.Relevance && _tokens.Count == 0)
            {
                // Without text every match is equally relevant: name order is the stable one.
                Sort = SearchSort.Name;
            }
        }

        public List<NpgsqlParameter> Parameters { get; } = [];

        public SearchSort Sort { get; }

        private bool HasText => _tokens.Count > 0;

        public string Sql()
        {
            var sql = new StringBuilder();
            var filters = FilterConditions();
            var allFilters = And(filters.Select(f => f.Condition));
            // The whole tsquery is one bound value, so the planner weighs the word's frequency when it plans.
            var query = HasText ? Param(QueryText(), NpgsqlDbType.Text) + "::tsquery" : "NULL::tsquery";
            var textCondition = HasText ? "words @@ " + query : "true";
            var status = _request.Filters.IncludeWithdrawn ? "true" : "status = 'Active'";

            var rank = HasText ? RankSql(query) : "0::float8";
            var (number, order, keyset) = SortParts();

            // Without filters the page is a slice of the matching set, so the set carries what the page sorts on and
            // the documents are found (and ranked) once; with filters the page finds its own rows, so only
            // the filtered matches are ranked.
            var pageFromSet = filters.Count == 0;
            var facets = _request.WithFacets ? FacetDefinitions().Where(f => _request.FacetNames?.Contains(f.Name) ?? true).ToList() : [];
            // The matching set carries only the columns its readers use (each match is copied into it): the filters',
            // the counted facets' and, when the page is sliced from it, the sort keys.
            var columns = new SortedSet<string>(StringComparer.Ordinal) { "dataset_id" };
            columns.UnionWith(filters.Concat(facets.Select(f => (Facet: f.Name, Condition: ""))).Select(f => ColumnOf(f.Facet)));
            if (pageFromSet)
            {
                columns.UnionWith(["name", "changed_at", "latest_score"]);
            }

            sql.Append("WITH m AS MATERIALIZED (SELECT ").Append(string.Join(", ", columns))
                .AppendLine(pageFromSet ? ", " + rank + " AS rank FROM dataset_search" : " FROM dataset_search")
                .Append("    WHERE ").Append(status).Append(" AND ").Append(textCondition).AppendLine(")");
            sql.Append(", sample AS (SELECT greatest(1, ceil(count(*)::numeric / ").Append(FacetSampleThreshold.ToString(CultureInfo.InvariantCulture))
                .AppendLine("))::bigint AS k FROM m)");

            sql.AppendLine(", page AS (SELECT dataset_id, rank, name, changed_at, latest_score FROM (");
            if (pageFromSet)
            {
                sql.AppendLine("    SELECT dataset_id, rank, name, changed_at, latest_score FROM m) p");
            }
            else
            {
                sql.Append("    SELECT dataset_id, ").Append(rank).Append(" AS rank, name, changed_at, latest_score FROM dataset_search")
                    .Append(" WHERE ").Append(status).Append(" AND ").Append(textCondition).Append(" AND ").Append(allFilters).AppendLine(") p");
            }

            sql.Append("    WHERE ").Append(keyset).Append(" ORDER BY ").Append(order)
                .Append(" LIMIT ").Append((_request.First + 1).ToString(CultureInfo.InvariantCulture)).AppendLine(")");

            sql.Append("SELECT 'page' AS part, NULL::text AS facet, NULL::text AS value, 0::bigint AS count, dataset_id AS id, rank, ")
                .Append(number).Append("::float8 AS number, row_number() OVER (ORDER BY ").Append(order)
                .AppendLine(")::int AS ordinal, name AS text, changed_at AS time FROM page");
            if (_request.WithTotal)
            {
                sql.Append("UNION ALL SELECT 'total', NULL, NULL, count(*), 0, 0, 0, 0, NULL, NULL FROM m WHERE ").AppendLine(allFilters);
            }

            if (_request.WithFacets)
            {
                sql.AppendLine("UNION ALL SELECT 'sample', NULL, NULL, k, 0, 0, 0, 0, NULL, NULL FROM sample");
                foreach (var (name, valueSql, _) in facets)
                {
                    var others = And(filters.Where(f => f.Facet != name).Select(f => f.Condition));
                    sql.Append("UNION ALL SELECT 'facet', ").Append(Literal(name)).Append(", v, count(*), 0, 0, 0, 0, NULL, NULL FROM (SELECT ")
                        .Append(valueSql).Append(" AS v FROM m, sample WHERE ").Append(others)
                        .AppendLine(" AND (sample.k = 1 OR abs(hashint8(m.dataset_id)) % sample.k = 0)) f GROUP BY v");
                }
            }

            return sql.ToString();
        }

        public string ColumnSql(long afterColumnId)
        {
            if (!HasText)
            {
                throw new ArgumentException("A column search needs text: a word, a Korean substring or a standard term.");
            }

            var status = _request.Filters.IncludeWithdrawn ? "true" : "s.status = 'Active'";
            var filters = And(FilterConditions().Select(f => f.Condition));
            var after = Param(afterColumnId, NpgsqlDbType.Bigint);
            // The text condition repeats the index expression of ix_columns_search_words word for word.
            return "WITH hits AS MATERIALIZED (SELECT c.id, c.dataset_id FROM columns c\n"
                + "    WHERE search_words_of(c.name || ' ' || coalesce(c.description, '')) @@ " + Param(ExactText(), NpgsqlDbType.Text) + "::tsquery AND c.id > " + after + "\n"
                + "  UNION SELECT c.id, c.dataset_id FROM standard_terms t JOIN columns c ON upper(c.name) = upper(t.abbreviation)\n"
                + "    WHERE NOT t.retired AND t.name ILIKE " + Param(Like(_request.Text!), NpgsqlDbType.Text) + " AND c.id > " + after + ")\n"
                + "SELECT h.id AS id FROM hits h JOIN dataset_search s ON s.dataset_id = h.dataset_id\n"
                + "WHERE " + status + " AND " + filters + "\n"
                + "ORDER BY h.id LIMIT " + (_request.First + 1).ToString(CultureInfo.InvariantCulture);
        }

        // Ranked on the compact rank vector (title A, name and keywords B, description C, column names D), which is in
        // the row, not on the whole words, which would be de-TOASTed for every match; a title holding every word of
        // the search adds 1, so it comes first.
        private string RankSql(string query)
        {
            const string Weights = "ARRAY[0.1, 0.2, 0.4, 1.0]::float4[]";
            // With a word no document holds, the words as written match nothing: only the similar words rank.
            var allTypos = _tokens.All(t => _similar.ContainsKey(t.Text));
            var rank = _similar.Count == 0
                ? "2 * ts_rank(" + Weights + ", rank_words, " + query + ")"
                : allTypos
                    ? "ts_rank(" + Weights + ", rank_words, " + query + ")"
                    // A match of the words as written outranks one through a similar word.
                    : "ts_rank(" + Weights + ", rank_words, " + query + ") + ts_rank(" + Weights + ", rank_words, " + Param(ExactText(), NpgsqlDbType.Text) + "::tsquery)";
            var title = allTypos ? "" : " + CASE WHEN rank_words @@ " + Param(TitleText(), NpgsqlDbType.Text) + "::tsquery THEN 1 ELSE 0 END";
            return "(" + rank + title + ")::float8";
        }

        // The exact tokens, each lexeme restricted to the title's weight A.
        private string TitleText() => string.Join(" & ", _tokens.Select(t => "(" + SearchTokens.Weighted(t.Query, 'A') + ")"));

        private static string ColumnOf(string facet) => facet switch
        {
            Facet.Department => "department_code",
            Facet.SourceKind => "source_kind",
            Facet.Grade => "grade",
            Facet.OpenFindings => "open_findings",
            Facet.PiiClass => "pii_classes",
            Facet.UpdateCycle => "update_cycle",
            Facet.Conformance => "standard_conformance",
            Facet.Updated => "changed_at",
            "score" => "latest_score",
            _ when facet.StartsWith("score:", StringComparison.Ordinal) => "dimension_scores",
            _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "No search document column for this facet."),
        };

        private (string Number, string Order, string Keyset) SortParts()
        {
            var after = _request.After;
            if (after is not null && after.Sort != Sort)
            {
                throw new ArgumentException($"The cursor was issued for the sort {after.Sort}, not {Sort}; ask again without 'after'.");
            }

            switch (Sort)
            {
                case SearchSort.Relevance:
                    return ("rank", "rank DESC, dataset_id",
                        after is null ? "true" : $"(rank < {Param(after.Number, NpgsqlDbType.Double)} OR (rank = {Param(after.Number, NpgsqlDbType.Double)} AND dataset_id > {Param(after.DatasetId, NpgsqlDbType.Bigint)}))");
                case SearchSort.Score:
                    return ("coalesce(latest_score, -1)", "coalesce(latest_score, -1) DESC, dataset_id",
                        after is null ? "true" : $"(coalesce(latest_score, -1) < {Param(after.Number, NpgsqlDbType.Double)} OR (coalesce(latest_score, -1) = {Param(after.Number, NpgsqlDbType.Double)} AND dataset_id > {Param(after.DatasetId, NpgsqlDbType.Bigint)}))");
                case SearchSort.Changed:
                    return ("0", "changed_at DESC, dataset_id",
                        after is null ? "true" : $"(changed_at < {Param(after.Time!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz)} OR (changed_at = {Param(after.Time!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz)} AND dataset_id > {Param(after.DatasetId, NpgsqlDbType.Bigint)}))");
                default:
                    return ("0", "name COLLATE \"C\", dataset_id",
                        after is null ? "true" : $"(name COLLATE \"C\", dataset_id) > ({Param(after.Text ?? "", NpgsqlDbType.Text)} COLLATE \"C\", {Param(after.DatasetId, NpgsqlDbType.Bigint)})");
            }
        }

        // Each token: its exact tsquery, or, when no document holds it as written, the exact form OR'ed with the
        // known words most like it, so a typo finds what it meant without a correctly spelt word being diluted by
        // look-alikes.
        private string QueryText() => string.Join(" & ", _tokens.Select(t =>
            _similar.TryGetValue(t.Text, out var words)
                ? "(" + t.Query + " | " + string.Join(" | ", words.Select(SearchTokens.Quote)) + ")"
                : "(" + t.Query + ")"));

        private string ExactText() => string.Join(" & ", _tokens.Select(t => "(" + t.Query + ")"));

        private List<(string Facet, string Condition)> FilterConditions()
        {
            var f = _request.Filters;
            var list = new List<(string, string)>();
            if (f.Departments.Count > 0)
            {
                list.Add((Facet.Department, "department_code = ANY(" + Param(f.Departments.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")"));
            }

            if (f.SourceKinds.Count > 0)
            {
                list.Add((Facet.SourceKind, "source_kind = ANY(" + Param(f.SourceKinds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")"));
            }

            if (f.Grades.Count > 0)
            {
                list.Add((Facet.Grade, "coalesce(grade, '-') = ANY(" + Param(f.Grades.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")"));
            }

            if (f.HasOpenFindings is { } open)
            {
                list.Add((Facet.OpenFindings, "(open_findings > 0) = " + Param(open, NpgsqlDbType.Boolean)));
            }

            if (f.PiiClasses.Count > 0)
            {
                list.Add((Facet.PiiClass, PiiValues + " && " + Param(f.PiiClasses.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
            }

            if (f.UpdateCycles.Count > 0)
            {
                list.Add((Facet.UpdateCycle, "coalesce(update_cycle, '') = ANY(" + Param(f.UpdateCycles.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")"));
            }

            if (f.Conformance.Count > 0)
            {
                list.Add((Facet.Conformance, ConformanceValue + " = ANY(" + Param(f.Conformance.Select(c => c.ToString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")"));
            }

            foreach (var range in f.Scores)
            {
                var value = ScoreValue(range.Dimension);
                var conditions = new List<string>();
                if (range.Min is { } min)
                {
                    conditions.Add(value + " >= " + Param(min, NpgsqlDbType.Double));
                }

                if (range.Max is { } max)
                {
                    conditions.Add(value + " <= " + Param(max, NpgsqlDbType.Double));
                }

                if (conditions.Count > 0)
                {
                    list.Add((Facet.Score(range.Dimension), string.Join(" AND ", conditions)));
                }
            }

            if (f.UpdatedSince is { } since)
            {
                list.Add((Facet.Updated, "changed_at >= " + Param(since.ToUniversalTime(), NpgsqlDbType.TimestampTz)));
            }

            return list;
        }

        private IEnumerable<(string Name, string Value, bool Unused)> FacetDefinitions()
        {
            yield return (Facet.Department, "department_code::text", false);
            yield return (Facet.SourceKind, "source_kind::text", false);
            yield return (Facet.Grade, "coalesce(grade, '-')::text", false);
            yield return (Facet.OpenFindings, "CASE WHEN open_findings > 0 THEN 'true' ELSE 'false' END", false);
            yield return (Facet.PiiClass, "unnest(" + PiiValues + ")", false);
            yield return (Facet.UpdateCycle, "coalesce(update_cycle, '')", false);
            yield return (Facet.Conformance, ConformanceValue, false);
            yield return (Facet.Score(null), Band(ScoreValue(null)), false);
            foreach (var dimension in Enum.GetValues<QualityDimension>())
            {
                yield return (Facet.Score(dimension), Band(ScoreValue(dimension)), false);
            }

            var now = Param(_now, NpgsqlDbType.TimestampTz);
            yield return (Facet.Updated,
                $"CASE WHEN changed_at >= {now} - interval '1 day' THEN 'day' WHEN changed_at >= {now} - interval '7 days' THEN 'week'"
                + $" WHEN changed_at >= {now} - interval '30 days' THEN 'month' WHEN changed_at >= {now} - interval '365 days' THEN 'year' ELSE 'older' END",
                false);
        }

        // A dataset without personal data counts as None, so the facet covers every match.
        private const string PiiValues = "(CASE WHEN cardinality(pii_classes) = 0 THEN ARRAY['None'] ELSE pii_classes END)";

        private const string ConformanceValue =
            "(CASE WHEN standard_conformance IS NULL THEN 'Unknown' WHEN standard_conformance >= 1 THEN 'Full' WHEN standard_conformance <= 0 THEN 'None' ELSE 'Partial' END)";

        private static string ScoreValue(QualityDimension? dimension) =>
            dimension is { } d ? $"(dimension_scores ->> '{d}')::float8" : "latest_score";

        private static string Band(string value) =>
            $"CASE WHEN {value} IS NULL THEN 'unscored' WHEN {value} >= 90 THEN '90-100' WHEN {value} >= 80 THEN '80-89' WHEN {value} >= 60 THEN '60-79' ELSE '0-59' END";

        private static string And(IEnumerable<string> conditions)
        {
            var list = conditions.ToList();
            return list.Count == 0 ? "true" : string.Join(" AND ", list.Select(c => "(" + c + ")"));
        }

        // Facet names are this class's constants, never client text.
        private static string Literal(string name) => "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";

        private static string Like(string text) =>
            "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";

        private string Param(object value, NpgsqlDbType type)
        {
            var name = "p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            return "@" + name;
        }
    }
}
