using System.Collections.Concurrent;
using System.Numerics;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Search;

/// <summary>One search document as the in-memory index holds it: the filter and facet values, and its words as lexeme ids.</summary>
/// <param name="Words">Ids of the lexemes of <c>dataset_search.words</c>, ascending: what a search matches on.</param>
/// <param name="RankWords">Ids of the lexemes of <c>rank_words</c>, ascending: what a match ranks on.</param>
/// <param name="RankWeights">For each of <paramref name="RankWords"/>, its best weight: 4 (A, title) to 1 (D, column names).</param>
internal sealed record IndexedDocument(
    long DatasetId,
    bool Active,
    string Department,
    string SourceKind,
    string Grade,
    int OpenFindings,
    string[] PiiClasses,
    string UpdateCycle,
    StandardConformance Conformance,
    double? LatestScore,
    double?[] DimensionScores,
    DateTimeOffset ChangedAt,
    string Name,
    int[] Words,
    int[] RankWords,
    byte[] RankWeights);

/// <summary>
/// The lexemes of every document, each with a stable id. Grows only (a lexeme no document holds any more keeps its id
/// and an empty posting list), so documents that did not change keep their ids across snapshots.
/// </summary>
internal sealed class SearchLexicon
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _lexemes = [];

    public int Count => _lexemes.Count;

    /// <summary>The id of <paramref name="lexeme"/>, adding it; called only by the one refresh at a time.</summary>
    public int Add(string lexeme)
    {
        if (_ids.TryGetValue(lexeme, out var id))
        {
            return id;
        }

        id = _lexemes.Count;
        _lexemes.Add(lexeme);
        _ids[lexeme] = id;
        return id;
    }

    public bool TryGet(string lexeme, out int id) => _ids.TryGetValue(lexeme, out id);

    /// <summary>Every lexeme with its id in ordinal order, for prefix ranges; <paramref name="previous"/> is merged, not sorted again.</summary>
    public (string Lexeme, int Id)[] Sorted((string Lexeme, int Id)[] previous)
    {
        if (previous.Length == _lexemes.Count)
        {
            return previous;
        }

        var added = new (string Lexeme, int Id)[_lexemes.Count - previous.Length];
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = (_lexemes[previous.Length + i], previous.Length + i);
        }

        Array.Sort(added, (a, b) => string.CompareOrdinal(a.Lexeme, b.Lexeme));
        var merged = new (string Lexeme, int Id)[_lexemes.Count];
        int p = 0, a = 0, m = 0;
        while (p < previous.Length || a < added.Length)
        {
            merged[m++] = a == added.Length || (p < previous.Length && string.CompareOrdinal(previous[p].Lexeme, added[a].Lexeme) < 0)
                ? previous[p++]
                : added[a++];
        }

        return merged;
    }
}

/// <summary>
/// An immutable view of every search document at one generation: the documents in dataset id order and, per
/// lexeme, the positions of the documents holding it. Searches run on it without locks or SQL; a refresh builds the
/// next one.
/// </summary>
internal sealed class SearchIndexSnapshot
{
    private static readonly double[] WeightValue = [0, 0.1, 0.2, 0.4, 1.0]; // none, D, C, B, A: ts_rank's default weights
    private const byte TitleWeight = 4;

    private readonly SearchLexicon _lexicon;
    private readonly (string Lexeme, int Id)[] _sorted;
    private readonly int[][] _postings;

    public SearchIndexSnapshot(long generation, IndexedDocument[] documents, SearchLexicon lexicon, SearchIndexSnapshot? previous, bool sameWords)
    {
        Generation = generation;
        Documents = documents;
        _lexicon = lexicon;
        _sorted = lexicon.Sorted(previous?._sorted ?? []);
        // Positions of documents are the postings' values: a refresh that adds, removes or re-words no document keeps them.
        _postings = sameWords && previous is not null && previous._postings.Length == lexicon.Count ? previous._postings : Postings(documents, lexicon.Count);
    }

    public long Generation { get; }

    /// <summary>
    /// Similar words already looked up at this generation: the known words change only with the documents, so an
    /// answer holds until the next snapshot. Bounded, so a stream of distinct misspellings cannot grow it without end.
    /// </summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> SimilarWords { get; } = new(StringComparer.Ordinal);

    public const int MaxSimilarWords = 10_000;

    public IndexedDocument[] Documents { get; }

    /// <summary>Whether any document holds <paramref name="token"/> as written (each of its units).</summary>
    public bool Holds(SearchTokens.Token token) => token.Units.All(u => Lexemes(u.Lexeme, u.Prefix).Any(id => _postings[id].Length > 0));

    /// <summary>Answers <paramref name="request"/> as <see cref="CatalogSearch"/>'s statement does, from memory.</summary>
    public SearchPage Search(SearchRequest request, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>> similar)
    {
        var query = new Query(this, request, now, similar);
        return query.Run();
    }

    private IEnumerable<int> Lexemes(string lexeme, bool prefix)
    {
        if (!prefix)
        {
            if (_lexicon.TryGet(lexeme, out var id) && id < _postings.Length)
            {
                yield return id;
            }

            yield break;
        }

        var at = LowerBound(lexeme);
        for (var i = at; i < _sorted.Length && _sorted[i].Lexeme.StartsWith(lexeme, StringComparison.Ordinal); i++)
        {
            if (_sorted[i].Id < _postings.Length)
            {
                yield return _sorted[i].Id;
            }
        }
    }

    private int LowerBound(string lexeme)
    {
        int low = 0, high = _sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (string.CompareOrdinal(_sorted[mid].Lexeme, lexeme) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int[][] Postings(IndexedDocument[] documents, int lexemes)
    {
        var counts = new int[lexemes];
        foreach (var document in documents)
        {
            foreach (var id in document.Words)
            {
                counts[id]++;
            }
        }

        var postings = new int[lexemes][];
        for (var i = 0; i < lexemes; i++)
        {
            postings[i] = counts[i] == 0 ? [] : new int[counts[i]];
            counts[i] = 0;
        }

        for (var position = 0; position < documents.Length; position++)
        {
            foreach (var id in documents[position].Words)
            {
                postings[id][counts[id]++] = position;
            }
        }

        return postings;
    }

    /// <summary>One search over the snapshot.</summary>
    private sealed class Query
    {
        private readonly SearchIndexSnapshot _index;
        private readonly SearchRequest _request;
        private readonly DateTimeOffset _now;
        private readonly IReadOnlyList<SearchTokens.Token> _tokens;
        private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _similar;
        private readonly SearchSort _sort;

        // Per token: its alternatives (the units as written, or one similar word), each a list of units, a unit being
        // the set of lexeme ids it stands for; and how much a match through that alternative counts.
        private readonly List<List<(HashSet<int>[] Units, double Factor, bool AsWritten)>> _alternatives = [];

        public Query(SearchIndexSnapshot index, SearchRequest request, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>> similar)
        {
            _index = index;
            _request = request;
            _now = now.ToUniversalTime();
            _similar = similar;
            _tokens = SearchTokens.Tokens(request.Text);
            _sort = request.Sort ?? (_tokens.Count > 0 ? SearchSort.Relevance : SearchSort.Name);
            if (_sort == SearchSort.Relevance && _tokens.Count == 0)
            {
                _sort = SearchSort.Name;
            }

            if (request.After is { } after && after.Sort != _sort)
            {
                throw new ArgumentException($"The cursor was issued for the sort {after.Sort}, not {_sort}; ask again without 'after'.");
            }

            foreach (var token in _tokens)
            {
                var alternatives = new List<(HashSet<int>[] Units, double Factor, bool AsWritten)>
                {
                    (token.Units.Select(u => index.Lexemes(u.Lexeme, u.Prefix).ToHashSet()).ToArray(), 1.0, true),
                };
                if (similar.TryGetValue(token.Text, out var words))
                {
                    // A match through a look-alike counts half of one as written.
                    alternatives.AddRange(words.Select(w => (new[] { index.Lexemes(w, false).ToHashSet() }, 0.5, false)));
                }

                _alternatives.Add(alternatives);
            }
        }

        public SearchPage Run()
        {
            var filters = Filters();
            var facetNames = _request.WithFacets
                ? FacetNames().Where(f => _request.FacetNames?.Contains(f) ?? true).ToList()
                : [];
            var facetCounts = facetNames.ToDictionary(f => f, _ => new Dictionary<string, long>(StringComparer.Ordinal), StringComparer.Ordinal);
            // The filter a facet ignores, by facet name: its bit in a document's failure mask.
            var ownBit = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < filters.Count; i++)
            {
                ownBit.TryAdd(filters[i].Facet, i);
            }

            var total = 0L;
            var after = 0L;
            // The page is the first First + 1 in order: a bounded heap whose root is the last of them keeps it, so a
            // match that sorts after the root costs one comparison and the matches are never sorted whole.
            var keep = _request.First + 1;
            var page = new PriorityQueue<(IndexedDocument Document, double Rank), (IndexedDocument Document, double Rank)>(
                keep + 1, Comparer<(IndexedDocument Document, double Rank)>.Create((a, b) => Order(b, a)));
            foreach (var position in Matches())
            {
                var document = _index.Documents[position];
                if (!document.Active && !_request.Filters.IncludeWithdrawn)
                {
                    continue;
                }

                var failed = 0UL;
                for (var i = 0; i < filters.Count; i++)
                {
                    if (!filters[i].Passes(document))
                    {
                        failed |= 1UL << ownBit[filters[i].Facet];
                    }
                }

                if (failed == 0)
                {
                    total++;
                    if (AfterCursor(document, out var rank))
                    {
                        after++;
                        var candidate = (document, rank);
                        if (page.Count < keep)
                        {
                            page.Enqueue(candidate, candidate);
                        }
                        else if (Order(candidate, page.Peek()) < 0)
                        {
                            page.DequeueEnqueue(candidate, candidate);
                        }
                    }
                }

                if (BitOperations.PopCount(failed) > 1)
                {
                    continue;
                }

                foreach (var facet in facetNames)
                {
                    if (failed == 0 || (ownBit.TryGetValue(facet, out var bit) && failed == 1UL << bit))
                    {
                        Count(facetCounts[facet], facet, document);
                    }
                }
            }

            var candidates = new List<(IndexedDocument Document, double Rank)>(page.Count);
            while (page.TryDequeue(out var candidate, out _))
            {
                candidates.Add(candidate);
            }

            candidates.Reverse();
            var hits = candidates.Take(_request.First)
                .Select(c => new SearchHit(c.Document.DatasetId, c.Rank, Cursor(c.Document, c.Rank)))
                .ToList();
            SearchFacets? facets = _request.WithFacets
                ? new SearchFacets(
                    facetCounts.Where(f => f.Value.Count > 0).ToDictionary(
                        f => f.Key,
                        f => (IReadOnlyList<SearchFacetValue>)f.Value.Select(v => new SearchFacetValue(v.Key, v.Value))
                            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList(),
                        StringComparer.Ordinal),
                    Estimated: false)
                : null;
            return new SearchPage(hits, after > _request.First, _request.WithTotal ? total : null, facets, _sort);
        }

        // Positions of the documents holding every token (through any of its alternatives), ascending.
        private IEnumerable<int> Matches()
        {
            var count = _index.Documents.Length;
            if (_tokens.Count == 0)
            {
                return Enumerable.Range(0, count);
            }

            ulong[]? all = null;
            foreach (var alternatives in _alternatives)
            {
                var token = new ulong[(count + 63) / 64];
                foreach (var (units, _, _) in alternatives)
                {
                    ulong[]? alternative = null;
                    foreach (var unit in units)
                    {
                        var bits = new ulong[token.Length];
                        foreach (var id in unit)
                        {
                            foreach (var position in _index._postings[id])
                            {
                                bits[position >> 6] |= 1UL << (position & 63);
                            }
                        }

                        alternative = alternative is null ? bits : And(alternative, bits);
                    }

                    if (alternative is not null)
                    {
                        for (var w = 0; w < token.Length; w++)
                        {
                            token[w] |= alternative[w];
                        }
                    }
                }

                all = all is null ? token : And(all, token);
            }

            return Positions(all!);
        }

        private static ulong[] And(ulong[] into, ulong[] other)
        {
            for (var w = 0; w < into.Length; w++)
            {
                into[w] &= other[w];
            }

            return into;
        }

        private static IEnumerable<int> Positions(ulong[] bits)
        {
            for (var w = 0; w < bits.Length; w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    yield return (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                }
            }
        }

        // Per token, the best of its alternatives, each the mean of its units' best weights in the rank vector; a title
        // holding every token as written adds 1, so it comes first.
        private double Rank(IndexedDocument document)
        {
            if (_tokens.Count == 0)
            {
                return 0;
            }

            var rank = 0.0;
            var inTitle = true;
            foreach (var alternatives in _alternatives)
            {
                var best = 0.0;
                foreach (var (units, factor, asWritten) in alternatives)
                {
                    var sum = 0.0;
                    var allTitle = true;
                    foreach (var unit in units)
                    {
                        var weight = BestWeight(document, unit);
                        sum += WeightValue[weight];
                        allTitle &= weight == TitleWeight;
                    }

                    best = Math.Max(best, factor * sum / units.Length);
                    if (asWritten)
                    {
                        inTitle &= allTitle;
                    }
                }

                rank += best;
            }

            return rank / _tokens.Count + (inTitle ? 1 : 0);
        }

        private static byte BestWeight(IndexedDocument document, HashSet<int> unit)
        {
            byte best = 0;
            if (unit.Count <= 8)
            {
                // A word or a short prefix range: look each lexeme up in the document's sorted rank vector.
                foreach (var id in unit)
                {
                    var at = Array.BinarySearch(document.RankWords, id);
                    if (at >= 0 && document.RankWeights[at] > best)
                    {
                        best = document.RankWeights[at];
                    }
                }

                return best;
            }

            for (var i = 0; i < document.RankWords.Length; i++)
            {
                if (document.RankWeights[i] > best && unit.Contains(document.RankWords[i]))
                {
                    best = document.RankWeights[i];
                }
            }

            return best;
        }

        private bool AfterCursor(IndexedDocument document, out double rank)
        {
            rank = _sort == SearchSort.Relevance || _tokens.Count > 0 ? Rank(document) : 0;
            if (_request.After is not { } after)
            {
                return true;
            }

            return _sort switch
            {
                SearchSort.Relevance => rank < after.Number || (rank == after.Number && document.DatasetId > after.DatasetId),
                SearchSort.Score => Score(document) < after.Number || (Score(document) == after.Number && document.DatasetId > after.DatasetId),
                SearchSort.Changed => document.ChangedAt < after.Time!.Value || (document.ChangedAt == after.Time!.Value && document.DatasetId > after.DatasetId),
                _ => string.CompareOrdinal(document.Name, after.Text ?? "") is var c && (c > 0 || (c == 0 && document.DatasetId > after.DatasetId)),
            };
        }

        private static double Score(IndexedDocument document) => document.LatestScore ?? -1;

        private int Order((IndexedDocument Document, double Rank) a, (IndexedDocument Document, double Rank) b)
        {
            var order = _sort switch
            {
                SearchSort.Relevance => b.Rank.CompareTo(a.Rank),
                SearchSort.Score => Score(b.Document).CompareTo(Score(a.Document)),
                SearchSort.Changed => b.Document.ChangedAt.CompareTo(a.Document.ChangedAt),
                _ => string.CompareOrdinal(a.Document.Name, b.Document.Name),
            };
            return order != 0 ? order : a.Document.DatasetId.CompareTo(b.Document.DatasetId);
        }

        private SearchCursor Cursor(IndexedDocument document, double rank) => _sort switch
        {
            SearchSort.Name => new SearchCursor(_sort, 0, document.Name, null, document.DatasetId),
            SearchSort.Changed => new SearchCursor(_sort, 0, null, document.ChangedAt, document.DatasetId),
            SearchSort.Score => new SearchCursor(_sort, Score(document), null, null, document.DatasetId),
            _ => new SearchCursor(_sort, rank, null, null, document.DatasetId),
        };

        private List<(string Facet, Func<IndexedDocument, bool> Passes)> Filters()
        {
            var f = _request.Filters;
            var list = new List<(string, Func<IndexedDocument, bool>)>();
            if (f.Departments.Count > 0)
            {
                var set = f.Departments.ToHashSet(StringComparer.Ordinal);
                list.Add((CatalogSearch.Facet.Department, d => set.Contains(d.Department)));
            }

            if (f.SourceKinds.Count > 0)
            {
                var set = f.SourceKinds.ToHashSet(StringComparer.Ordinal);
                list.Add((CatalogSearch.Facet.SourceKind, d => set.Contains(d.SourceKind)));
            }

            if (f.Grades.Count > 0)
            {
                var set = f.Grades.ToHashSet(StringComparer.Ordinal);
                list.Add((CatalogSearch.Facet.Grade, d => set.Contains(d.Grade)));
            }

            if (f.HasOpenFindings is { } open)
            {
                list.Add((CatalogSearch.Facet.OpenFindings, d => d.OpenFindings > 0 == open));
            }

            if (f.PiiClasses.Count > 0)
            {
                var set = f.PiiClasses.ToHashSet(StringComparer.Ordinal);
                list.Add((CatalogSearch.Facet.PiiClass, d => d.PiiClasses.Any(set.Contains)));
            }

            if (f.UpdateCycles.Count > 0)
            {
                var set = f.UpdateCycles.ToHashSet(StringComparer.Ordinal);
                list.Add((CatalogSearch.Facet.UpdateCycle, d => set.Contains(d.UpdateCycle)));
            }

            if (f.Conformance.Count > 0)
            {
                var set = f.Conformance.ToHashSet();
                list.Add((CatalogSearch.Facet.Conformance, d => set.Contains(d.Conformance)));
            }

            foreach (var range in f.Scores)
            {
                if (range.Min is null && range.Max is null)
                {
                    continue;
                }

                var dimension = range.Dimension;
                // A dataset without the score is outside every range, as SQL's NULL comparison has it.
                list.Add((CatalogSearch.Facet.Score(dimension), d => ScoreOf(d, dimension) is { } value
                    && (range.Min is not { } min || value >= min) && (range.Max is not { } max || value <= max)));
            }

            if (f.UpdatedSince is { } since)
            {
                list.Add((CatalogSearch.Facet.Updated, d => d.ChangedAt >= since));
            }

            if (list.Select(x => x.Item1).Distinct().Count() > 63)
            {
                throw new ArgumentException("Too many filters in one search.");
            }

            return list;
        }

        private static double? ScoreOf(IndexedDocument document, QualityDimension? dimension) =>
            dimension is { } d ? document.DimensionScores[(int)d] : document.LatestScore;

        private static IEnumerable<string> FacetNames()
        {
            yield return CatalogSearch.Facet.Department;
            yield return CatalogSearch.Facet.SourceKind;
            yield return CatalogSearch.Facet.Grade;
            yield return CatalogSearch.Facet.OpenFindings;
            yield return CatalogSearch.Facet.PiiClass;
            yield return CatalogSearch.Facet.UpdateCycle;
            yield return CatalogSearch.Facet.Conformance;
            yield return CatalogSearch.Facet.Score(null);
            foreach (var dimension in Enum.GetValues<QualityDimension>())
            {
                yield return CatalogSearch.Facet.Score(dimension);
            }

            yield return CatalogSearch.Facet.Updated;
        }

        private void Count(Dictionary<string, long> counts, string facet, IndexedDocument document)
        {
            switch (facet)
            {
                case CatalogSearch.Facet.Department: Add(counts, document.Department); break;
                case CatalogSearch.Facet.SourceKind: Add(counts, document.SourceKind); break;
                case CatalogSearch.Facet.Grade: Add(counts, document.Grade); break;
                case CatalogSearch.Facet.OpenFindings: Add(counts, document.OpenFindings > 0 ? "true" : "false"); break;
                case CatalogSearch.Facet.PiiClass:
                    foreach (var pii in document.PiiClasses)
                    {
                        Add(counts, pii);
                    }

                    break;
                case CatalogSearch.Facet.UpdateCycle: Add(counts, document.UpdateCycle); break;
                case CatalogSearch.Facet.Conformance: Add(counts, document.Conformance.ToString()); break;
                case CatalogSearch.Facet.Updated: Add(counts, UpdatedBand(document.ChangedAt)); break;
                default:
                    var dimension = facet == "score" ? (QualityDimension?)null : Enum.Parse<QualityDimension>(facet["score:".Length..]);
                    Add(counts, ScoreBand(ScoreOf(document, dimension)));
                    break;
            }
        }

        private static void Add(Dictionary<string, long> counts, string value) =>
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, value, out _)++;

        private static string ScoreBand(double? value) => value switch
        {
            null => "unscored",
            >= 90 => "90-100",
            >= 80 => "80-89",
            >= 60 => "60-79",
            _ => "0-59",
        };

        private string UpdatedBand(DateTimeOffset changed) =>
            changed >= _now.AddDays(-1) ? "day"
            : changed >= _now.AddDays(-7) ? "week"
            : changed >= _now.AddDays(-30) ? "month"
            : changed >= _now.AddDays(-365) ? "year"
            : "older";
    }
}
