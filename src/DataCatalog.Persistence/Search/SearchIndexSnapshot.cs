using System.Buffers;
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

    /// <summary>The lexeme of <paramref name="id"/>; called only by the one refresh at a time.</summary>
    public string Lexeme(int id) => _lexemes[id];

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
/// <remarks>
/// A search touches every match, so what it reads of a match is laid out by column, indexed by the document's
/// position: small codes for the facet values, plain arrays for scores and times, and each posting its word's rank
/// weight. Reading a match is then a few reads of arrays walked in ascending order rather than a chase through one
/// object per document and its strings.
/// </remarks>
internal sealed class SearchIndexSnapshot
{
    private static readonly double[] WeightValue = [0, 0.1, 0.2, 0.4, 1.0]; // none, D, C, B, A: ts_rank's default weights
    private const byte TitleWeight = 4;
    private static readonly int DimensionCount = Enum.GetValues<QualityDimension>().Length;

    private readonly SearchLexicon _lexicon;
    private readonly (string Lexeme, int Id)[] _sorted;
    private readonly int[][] _postings;
    // Parallel to the postings: the lexeme's best weight (0 none, 1 D … 4 A) in that document's rank vector, so a search
    // ranks its matches from the posting lists it walks anyway rather than by a lookup in each match's rank vector.
    private readonly byte[][] _postingWeights;

    // Columns, by document position. Ranking reads the posting weights; the rank vectors stay on the documents.
    private readonly long[] _ids;
    private readonly bool[] _active;
    private readonly Coded _department;
    private readonly Coded _sourceKind;
    private readonly Coded _grade;
    private readonly Coded _updateCycle;
    private readonly int[] _openFindings;
    private readonly int[] _piiStart;
    private readonly int[] _pii;
    private readonly string[] _piiValues;
    private readonly byte[] _conformance;
    private readonly double[] _latestScore; // NaN: unscored
    private readonly double[] _dimensionScores; // position * DimensionCount + dimension; NaN: unscored
    private readonly long[] _changedTicks;
    private readonly string[] _names;

    public SearchIndexSnapshot(long generation, IndexedDocument[] documents, SearchLexicon lexicon, SearchIndexSnapshot? previous, bool sameWords)
    {
        Generation = generation;
        Documents = documents;
        _lexicon = lexicon;
        _sorted = lexicon.Sorted(previous?._sorted ?? []);
        // Positions of documents are the postings' values: a refresh that adds, removes or re-words no document keeps them.
        (_postings, _postingWeights) = sameWords && previous is not null && previous._postings.Length == lexicon.Count
            ? (previous._postings, previous._postingWeights)
            : Postings(documents, lexicon.Count);

        var count = documents.Length;
        _ids = new long[count];
        _active = new bool[count];
        _openFindings = new int[count];
        _conformance = new byte[count];
        _latestScore = new double[count];
        _dimensionScores = new double[count * DimensionCount];
        _changedTicks = new long[count];
        _names = new string[count];
        _piiStart = new int[count + 1];
        var piiCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var pii = new List<int>(count);
        _department = new Coded(count);
        _sourceKind = new Coded(count);
        _grade = new Coded(count);
        _updateCycle = new Coded(count);
        for (var p = 0; p < count; p++)
        {
            var d = documents[p];
            _ids[p] = d.DatasetId;
            _active[p] = d.Active;
            _department.Set(p, d.Department);
            _sourceKind.Set(p, d.SourceKind);
            _grade.Set(p, d.Grade);
            _updateCycle.Set(p, d.UpdateCycle);
            _openFindings[p] = d.OpenFindings;
            _conformance[p] = (byte)d.Conformance;
            _latestScore[p] = d.LatestScore ?? double.NaN;
            for (var k = 0; k < DimensionCount; k++)
            {
                _dimensionScores[(p * DimensionCount) + k] = d.DimensionScores[k] ?? double.NaN;
            }

            _changedTicks[p] = d.ChangedAt.UtcTicks;
            _names[p] = d.Name;
            _piiStart[p] = pii.Count;
            foreach (var value in d.PiiClasses)
            {
                if (!piiCodes.TryGetValue(value, out var code))
                {
                    piiCodes[value] = code = piiCodes.Count;
                }

                pii.Add(code);
            }
        }

        _piiStart[count] = pii.Count;
        _pii = [.. pii];
        _piiValues = piiCodes.OrderBy(c => c.Value).Select(c => c.Key).ToArray();
    }

    public long Generation { get; }

    public IndexedDocument[] Documents { get; }

    /// <summary>
    /// Similar words already looked up at this generation: the known words change only with the documents, so an
    /// answer holds until the next snapshot. Bounded, so a stream of distinct misspellings cannot grow it without end.
    /// </summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> SimilarWords { get; } = new(StringComparer.Ordinal);

    public const int MaxSimilarWords = 10_000;

    /// <summary>Whether any document holds <paramref name="token"/> as written (each of its units).</summary>
    public bool Holds(SearchTokens.Token token) => token.Units.All(u => Lexemes(u.Lexeme, u.Prefix).Any(id => _postings[id].Length > 0));

    /// <summary>The dataset ids of every document holding <paramref name="text"/>, withdrawn ones included, ascending.</summary>
    public long[] MatchingIds(string text, IReadOnlyDictionary<string, IReadOnlyList<string>> similar)
    {
        var query = new Query(this, new SearchRequest(text, new SearchFilters { IncludeWithdrawn = true }, SearchSort.Name, First: 1), DateTimeOffset.UnixEpoch, similar);
        return query.Matches().Select(p => _ids[p]).ToArray();
    }

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

    private static (int[][] Postings, byte[][] Weights) Postings(IndexedDocument[] documents, int lexemes)
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
        var weights = new byte[lexemes][];
        for (var i = 0; i < lexemes; i++)
        {
            postings[i] = counts[i] == 0 ? [] : new int[counts[i]];
            weights[i] = counts[i] == 0 ? [] : new byte[counts[i]];
            counts[i] = 0;
        }

        for (var position = 0; position < documents.Length; position++)
        {
            var document = documents[position];
            var r = 0;
            // Both lists ascend: one walk finds each word's weight in the rank vector.
            foreach (var id in document.Words)
            {
                while (r < document.RankWords.Length && document.RankWords[r] < id)
                {
                    r++;
                }

                var at = counts[id]++;
                postings[id][at] = position;
                weights[id][at] = r < document.RankWords.Length && document.RankWords[r] == id ? document.RankWeights[r] : (byte)0;
            }
        }

        return (postings, weights);
    }

    /// <summary>A string column as codes into its distinct values, so a facet counts into an array.</summary>
    private sealed class Coded(int count)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _values = [];

        public int[] Codes { get; } = new int[count];

        public IReadOnlyList<string> Values => _values;

        public void Set(int position, string value)
        {
            if (!_codes.TryGetValue(value, out var code))
            {
                _codes[value] = code = _values.Count;
                _values.Add(value);
            }

            Codes[position] = code;
        }

        /// <summary>Which codes stand for one of <paramref name="values"/>.</summary>
        public bool[] Select(IEnumerable<string> values)
        {
            var selected = new bool[_values.Count];
            foreach (var value in values)
            {
                if (_codes.TryGetValue(value, out var code))
                {
                    selected[code] = true;
                }
            }

            return selected;
        }
    }

    /// <summary>A facet's counts by value code, and how a code reads.</summary>
    private sealed class FacetCounter(string name, int values, Func<int, string> value, Action<int, long[]> count)
    {
        public string Name { get; } = name;

        public long[] Counts { get; } = new long[values];

        public void Add(int position) => count(position, Counts);

        public IReadOnlyList<SearchFacetValue> Values() => Counts
            .Select((c, code) => new SearchFacetValue(value(code), c))
            .Where(v => v.Count > 0)
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One search over the snapshot.</summary>
    private sealed class Query
    {
        private static readonly string[] ScoreBands = ["unscored", "90-100", "80-89", "60-79", "0-59"];
        private static readonly string[] UpdatedBands = ["day", "week", "month", "year", "older"];

        private readonly SearchIndexSnapshot _index;
        private readonly SearchRequest _request;
        private readonly IReadOnlyList<SearchTokens.Token> _tokens;
        private readonly SearchSort _sort;
        private readonly long[] _updatedBounds;

        // Per token: its alternatives (the units as written, or one similar word), each a list of units, a unit being
        // the lexeme ids it stands for; and how much a match through that alternative counts.
        private readonly List<(int[][] Units, double Factor, bool AsWritten)[]> _alternatives = [];

        // Per token, alternative and unit: each document's best weight of the unit, noted by Matches (null: not noted).
        private readonly List<byte[]?[][]> _weights = [];

        private const int MaxDenseUnits = 32;

        public Query(SearchIndexSnapshot index, SearchRequest request, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>> similar)
        {
            _index = index;
            _request = request;
            var utc = now.ToUniversalTime();
            _updatedBounds = [utc.AddDays(-1).UtcTicks, utc.AddDays(-7).UtcTicks, utc.AddDays(-30).UtcTicks, utc.AddDays(-365).UtcTicks];
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
                var alternatives = new List<(int[][] Units, double Factor, bool AsWritten)>
                {
                    (token.Units.Select(u => index.Lexemes(u.Lexeme, u.Prefix).Order().ToArray()).ToArray(), 1.0, true),
                };
                if (similar.TryGetValue(token.Text, out var words))
                {
                    // A match through a look-alike counts half of one as written.
                    alternatives.AddRange(words.Select(w => (new[] { index.Lexemes(w, false).ToArray() }, 0.5, false)));
                }

                _alternatives.Add([.. alternatives]);
                _weights.Add(alternatives.Select(a => new byte[]?[a.Units.Length]).ToArray());
            }
        }

        public SearchPage Run()
        {
            var filters = Filters();
            var facets = _request.WithFacets
                ? Facets().Where(f => _request.FacetNames?.Contains(f.Name) ?? true).ToList()
                : [];
            // The filter a facet ignores, by facet name: its bit in a document's failure mask.
            var ownBit = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < filters.Count; i++)
            {
                ownBit.TryAdd(filters[i].Facet, i);
            }

            var filterBits = filters.Select(f => 1UL << ownBit[f.Facet]).ToArray();
            var facetBits = facets.Select(f => ownBit.TryGetValue(f.Name, out var bit) ? 1UL << bit : 0UL).ToArray();
            var includeWithdrawn = _request.Filters.IncludeWithdrawn;
            var active = _index._active;

            var total = 0L;
            var after = 0L;
            // The page is the first First + 1 in order: a bounded heap whose root is the last of them keeps it, so a
            // match that sorts after the root costs one comparison and the matches are never sorted whole.
            var keep = _request.First + 1;
            var page = new PriorityQueue<(int Position, double Rank), (int Position, double Rank)>(
                keep + 1, Comparer<(int Position, double Rank)>.Create((a, b) => Order(b, a)));
            try
            {
                foreach (var position in Matches(withWeights: true))
                {
                    if (!includeWithdrawn && !active[position])
                    {
                        continue;
                    }

                    var failed = 0UL;
                    for (var i = 0; i < filters.Count; i++)
                    {
                        if (!filters[i].Passes(position))
                        {
                            failed |= filterBits[i];
                        }
                    }

                    if (failed == 0)
                    {
                        total++;
                        if (AfterCursor(position, out var rank))
                        {
                            after++;
                            var candidate = (position, rank);
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
                    else if (BitOperations.PopCount(failed) > 1)
                    {
                        continue;
                    }

                    for (var f = 0; f < facets.Count; f++)
                    {
                        if (failed == 0 || failed == facetBits[f])
                        {
                            facets[f].Add(position);
                        }
                    }
                }
            }
            finally
            {
                Release();
            }

            var candidates = new List<(int Position, double Rank)>(page.Count);
            while (page.TryDequeue(out var candidate, out _))
            {
                candidates.Add(candidate);
            }

            candidates.Reverse();
            var hits = candidates.Take(_request.First)
                .Select(c => new SearchHit(_index._ids[c.Position], c.Rank, Cursor(c.Position, c.Rank)))
                .ToList();
            SearchFacets? counted = _request.WithFacets
                ? new SearchFacets(
                    facets.Select(f => (f.Name, Values: f.Values())).Where(f => f.Values.Count > 0)
                        .ToDictionary(f => f.Name, f => f.Values, StringComparer.Ordinal),
                    Estimated: false)
                : null;
            return new SearchPage(hits, after > _request.First, _request.WithTotal ? total : null, counted, _sort);
        }

        /// <summary>Positions of the documents holding every token (through any of its alternatives), ascending.</summary>
        /// <param name="withWeights">Also note each unit's weight per document for <see cref="Rank"/> (then <see cref="Release"/>).</param>
        public IEnumerable<int> Matches(bool withWeights = false)
        {
            var count = _index._ids.Length;
            if (_tokens.Count == 0)
            {
                return Enumerable.Range(0, count);
            }

            // One byte per document per unit: a few hundred kilobytes for an ordinary search; a text of very many
            // units (a long Korean run is a bigram each) ranks by lookups in the rank vectors instead.
            var dense = withWeights && _alternatives.Sum(a => a.Sum(x => x.Units.Length)) <= MaxDenseUnits;
            ulong[]? all = null;
            for (var t = 0; t < _alternatives.Count; t++)
            {
                var alternatives = _alternatives[t];
                var token = new ulong[(count + 63) / 64];
                for (var a = 0; a < alternatives.Length; a++)
                {
                    var units = alternatives[a].Units;
                    ulong[]? alternative = null;
                    for (var u = 0; u < units.Length; u++)
                    {
                        var bits = new ulong[token.Length];
                        byte[]? weights = null;
                        if (dense)
                        {
                            weights = ArrayPool<byte>.Shared.Rent(count);
                            Array.Clear(weights, 0, count);
                            _weights[t][a][u] = weights;
                        }

                        foreach (var id in units[u])
                        {
                            var postings = _index._postings[id];
                            var postingWeights = _index._postingWeights[id];
                            for (var k = 0; k < postings.Length; k++)
                            {
                                var position = postings[k];
                                bits[position >> 6] |= 1UL << (position & 63);
                                if (weights is not null && postingWeights[k] > weights[position])
                                {
                                    weights[position] = postingWeights[k];
                                }
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

        /// <summary>Gives back the weights <see cref="Matches"/> noted.</summary>
        public void Release()
        {
            foreach (var weights in _weights.SelectMany(t => t).SelectMany(a => a))
            {
                if (weights is not null)
                {
                    ArrayPool<byte>.Shared.Return(weights);
                }
            }
        }

        // Per token, the best of its alternatives, each the mean of its units' best weights in the rank vector; a title
        // holding every token as written adds 1, so it comes first.
        private double Rank(int position)
        {
            // Only a text of very many units ranks by lookups in the document's own rank vector.
            var document = _index.Documents[position];
            var rank = 0.0;
            var inTitle = true;
            for (var t = 0; t < _alternatives.Count; t++)
            {
                var alternatives = _alternatives[t];
                var best = 0.0;
                for (var a = 0; a < alternatives.Length; a++)
                {
                    var (units, factor, asWritten) = alternatives[a];
                    var noted = _weights[t][a];
                    var sum = 0.0;
                    var allTitle = true;
                    for (var u = 0; u < units.Length; u++)
                    {
                        var weight = noted[u] is { } dense ? dense[position] : BestWeight(document.RankWords, document.RankWeights, units[u]);
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

        // The best weight in the document's rank vector of any lexeme of the unit (both sorted ascending).
        private static byte BestWeight(ReadOnlySpan<int> words, ReadOnlySpan<byte> weights, int[] unit)
        {
            byte best = 0;
            if (unit.Length <= 8)
            {
                foreach (var id in unit)
                {
                    var at = words.BinarySearch(id);
                    if (at >= 0 && weights[at] > best)
                    {
                        best = weights[at];
                    }
                }

                return best;
            }

            // A long prefix range: walk both sorted lists together.
            int i = 0, j = 0;
            while (i < words.Length && j < unit.Length)
            {
                if (words[i] < unit[j])
                {
                    i++;
                }
                else if (words[i] > unit[j])
                {
                    j++;
                }
                else
                {
                    best = Math.Max(best, weights[i]);
                    i++;
                    j++;
                }
            }

            return best;
        }

        private bool AfterCursor(int position, out double rank)
        {
            rank = _tokens.Count > 0 ? Rank(position) : 0;
            if (_request.After is not { } after)
            {
                return true;
            }

            var id = _index._ids[position];
            return _sort switch
            {
                SearchSort.Relevance => rank < after.Number || (rank == after.Number && id > after.DatasetId),
                SearchSort.Score => Score(position) < after.Number || (Score(position) == after.Number && id > after.DatasetId),
                SearchSort.Changed => _index._changedTicks[position] < after.Time!.Value.UtcTicks
                    || (_index._changedTicks[position] == after.Time!.Value.UtcTicks && id > after.DatasetId),
                _ => CompareCodePoints(_index._names[position], after.Text ?? "") is var c && (c > 0 || (c == 0 && id > after.DatasetId)),
            };
        }

        // The SQL statement orders names COLLATE "C", by UTF-8 bytes, which is code point order; UTF-16's ordinal order
        // differs for characters beyond U+FFFF (their surrogates sort below U+E000–U+FFFF, fullwidth forms among them).
        internal static int CompareCodePoints(string a, string b)
        {
            var common = a.AsSpan().CommonPrefixLength(b);
            if (common == a.Length || common == b.Length)
            {
                return a.Length.CompareTo(b.Length);
            }

            return CodePointOrder(a[common]).CompareTo(CodePointOrder(b[common]));
        }

        // Surrogates moved above every other UTF-16 unit, the rest kept in order.
        private static int CodePointOrder(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;

        private double Score(int position) => double.IsNaN(_index._latestScore[position]) ? -1 : _index._latestScore[position];

        private int Order((int Position, double Rank) a, (int Position, double Rank) b)
        {
            var order = _sort switch
            {
                SearchSort.Relevance => b.Rank.CompareTo(a.Rank),
                SearchSort.Score => Score(b.Position).CompareTo(Score(a.Position)),
                SearchSort.Changed => _index._changedTicks[b.Position].CompareTo(_index._changedTicks[a.Position]),
                _ => CompareCodePoints(_index._names[a.Position], _index._names[b.Position]),
            };
            // Positions ascend with dataset ids.
            return order != 0 ? order : a.Position.CompareTo(b.Position);
        }

        private SearchCursor Cursor(int position, double rank)
        {
            var id = _index._ids[position];
            return _sort switch
            {
                SearchSort.Name => new SearchCursor(_sort, 0, _index._names[position], null, id),
                SearchSort.Changed => new SearchCursor(_sort, 0, null, new DateTimeOffset(_index._changedTicks[position], TimeSpan.Zero), id),
                SearchSort.Score => new SearchCursor(_sort, Score(position), null, null, id),
                _ => new SearchCursor(_sort, rank, null, null, id),
            };
        }

        private List<(string Facet, Func<int, bool> Passes)> Filters()
        {
            var f = _request.Filters;
            var index = _index;
            var list = new List<(string, Func<int, bool>)>();
            if (f.Departments.Count > 0)
            {
                var selected = index._department.Select(f.Departments);
                var codes = index._department.Codes;
                list.Add((CatalogSearch.Facet.Department, p => selected[codes[p]]));
            }

            if (f.SourceKinds.Count > 0)
            {
                var selected = index._sourceKind.Select(f.SourceKinds);
                var codes = index._sourceKind.Codes;
                list.Add((CatalogSearch.Facet.SourceKind, p => selected[codes[p]]));
            }

            if (f.Grades.Count > 0)
            {
                var selected = index._grade.Select(f.Grades);
                var codes = index._grade.Codes;
                list.Add((CatalogSearch.Facet.Grade, p => selected[codes[p]]));
            }

            if (f.HasOpenFindings is { } open)
            {
                list.Add((CatalogSearch.Facet.OpenFindings, p => index._openFindings[p] > 0 == open));
            }

            if (f.PiiClasses.Count > 0)
            {
                var selected = f.PiiClasses.ToHashSet(StringComparer.Ordinal);
                var codes = index._piiValues.Select(selected.Contains).ToArray();
                list.Add((CatalogSearch.Facet.PiiClass, p =>
                {
                    for (var i = index._piiStart[p]; i < index._piiStart[p + 1]; i++)
                    {
                        if (codes[index._pii[i]])
                        {
                            return true;
                        }
                    }

                    return false;
                }));
            }

            if (f.UpdateCycles.Count > 0)
            {
                var selected = index._updateCycle.Select(f.UpdateCycles);
                var codes = index._updateCycle.Codes;
                list.Add((CatalogSearch.Facet.UpdateCycle, p => selected[codes[p]]));
            }

            if (f.Conformance.Count > 0)
            {
                var selected = new bool[Enum.GetValues<StandardConformance>().Length];
                foreach (var c in f.Conformance)
                {
                    selected[(int)c] = true;
                }

                list.Add((CatalogSearch.Facet.Conformance, p => selected[index._conformance[p]]));
            }

            foreach (var range in f.Scores)
            {
                if (range.Min is null && range.Max is null)
                {
                    continue;
                }

                var dimension = range.Dimension;
                var min = range.Min ?? double.NegativeInfinity;
                var max = range.Max ?? double.PositiveInfinity;
                // A dataset without the score (NaN) is outside every range, as SQL's NULL comparison has it.
                list.Add((CatalogSearch.Facet.Score(dimension), p => ScoreOf(p, dimension) is var value && value >= min && value <= max));
            }

            if (f.UpdatedSince is { } since)
            {
                var ticks = since.UtcTicks;
                list.Add((CatalogSearch.Facet.Updated, p => index._changedTicks[p] >= ticks));
            }

            if (list.Select(x => x.Item1).Distinct().Count() > 63)
            {
                throw new ArgumentException("Too many filters in one search.");
            }

            return list;
        }

        private double ScoreOf(int position, QualityDimension? dimension) =>
            dimension is { } d ? _index._dimensionScores[(position * DimensionCount) + (int)d] : _index._latestScore[position];

        private IEnumerable<FacetCounter> Facets()
        {
            var index = _index;
            yield return Coded(CatalogSearch.Facet.Department, index._department);
            yield return Coded(CatalogSearch.Facet.SourceKind, index._sourceKind);
            yield return Coded(CatalogSearch.Facet.Grade, index._grade);
            yield return new FacetCounter(CatalogSearch.Facet.OpenFindings, 2, code => code == 1 ? "true" : "false",
                (p, counts) => counts[index._openFindings[p] > 0 ? 1 : 0]++);
            yield return new FacetCounter(CatalogSearch.Facet.PiiClass, index._piiValues.Length, code => index._piiValues[code], (p, counts) =>
            {
                for (var i = index._piiStart[p]; i < index._piiStart[p + 1]; i++)
                {
                    counts[index._pii[i]]++;
                }
            });
            yield return Coded(CatalogSearch.Facet.UpdateCycle, index._updateCycle);
            yield return new FacetCounter(CatalogSearch.Facet.Conformance, Enum.GetValues<StandardConformance>().Length,
                code => ((StandardConformance)code).ToString(), (p, counts) => counts[index._conformance[p]]++);
            yield return Banded(null);
            foreach (var dimension in Enum.GetValues<QualityDimension>())
            {
                yield return Banded(dimension);
            }

            var bounds = _updatedBounds;
            yield return new FacetCounter(CatalogSearch.Facet.Updated, UpdatedBands.Length, code => UpdatedBands[code], (p, counts) =>
            {
                var ticks = index._changedTicks[p];
                var band = 0;
                while (band < bounds.Length && ticks < bounds[band])
                {
                    band++;
                }

                counts[band]++;
            });
        }

        private static FacetCounter Coded(string name, Coded column)
        {
            var codes = column.Codes;
            return new FacetCounter(name, column.Values.Count, code => column.Values[code], (p, counts) => counts[codes[p]]++);
        }

        private FacetCounter Banded(QualityDimension? dimension) =>
            new(CatalogSearch.Facet.Score(dimension), ScoreBands.Length, code => ScoreBands[code], (p, counts) => counts[ScoreBand(ScoreOf(p, dimension))]++);

        private static int ScoreBand(double value) => value switch
        {
            double.NaN => 0,
            >= 90 => 1,
            >= 80 => 2,
            >= 60 => 3,
            _ => 4,
        };
    }
}
