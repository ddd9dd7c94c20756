using System.Text;

namespace DataCatalog.Core.Standards;

/// <summary>Checks columns against one dictionary (a base edition with its extensions). Every index is built once in the
/// constructor, so a check is a handful of hash lookups plus, for a name that is not standard, a ranking over the few terms
/// that share a word or a two-letter piece with it.</summary>
/// <remarks>Immutable after construction and therefore thread-safe; build a new one when the dictionary changes.</remarks>
public sealed class StandardTermChecker : IStandardTermChecker
{
    private const int MaxSuggestions = 5;
    private const int RankedCandidates = 40;
    private const int MaxPostings = 400;

    private readonly Dictionary<string, StandardWord> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StandardWord>.AlternateLookup<ReadOnlySpan<char>> _wordSpans;
    private readonly Dictionary<string, Replacement> _replacements = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Replacement>.AlternateLookup<ReadOnlySpan<char>> _replacementSpans;
    private readonly Dictionary<string, StandardWord> _wordsByAbbreviation = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _termsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _termsByAbbreviation = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _termsBySynonym = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StandardTerm> _retiredTerms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StandardDomain> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StandardDomain>> _domainsByClass = new(StringComparer.Ordinal);
    private readonly StandardTerm[] _terms;
    private readonly string[][] _termWords;
    private readonly Dictionary<string, int[]> _termsByWord;
    private readonly Dictionary<int, int[]> _termsByBigram;
    private readonly Dictionary<int, int[]> _termsByAbbreviationBigram;
    private readonly int _maxWordLength;

    [ThreadStatic]
    private static int[]? t_votes;

    public StandardTermChecker(StandardDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        Dictionary = dictionary;
        foreach (var word in dictionary.Words.Where(w => !w.Retired))
        {
            _words[word.Name] = word;
            _wordsByAbbreviation.TryAdd(word.Abbreviation, word);
            _maxWordLength = Math.Max(_maxWordLength, word.Name.Length);
        }

        foreach (var word in dictionary.Words.Where(w => !w.Retired))
        {
            // A listed synonym or forbidden word that is itself a standard word stays a standard word.
            foreach (var synonym in word.Synonyms.Where(s => !_words.ContainsKey(s)))
            {
                _replacements.TryAdd(synonym, new Replacement(word, Forbidden: false));
                _maxWordLength = Math.Max(_maxWordLength, synonym.Length);
            }

            foreach (var forbidden in word.ForbiddenWords.Where(s => !_words.ContainsKey(s)))
            {
                _replacements[forbidden] = new Replacement(word, Forbidden: true);
                _maxWordLength = Math.Max(_maxWordLength, forbidden.Length);
            }
        }

        _wordSpans = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _replacementSpans = _replacements.GetAlternateLookup<ReadOnlySpan<char>>();

        foreach (var domain in dictionary.Domains.Where(d => !d.Retired))
        {
            _domains[domain.Name] = domain;
            if (!_domainsByClass.TryGetValue(domain.Class, out var list))
            {
                _domainsByClass[domain.Class] = list = [];
            }

            list.Add(domain);
        }

        _terms = dictionary.Terms.Where(t => !t.Retired).ToArray();
        _termWords = new string[_terms.Length][];
        var byWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byBigram = new Dictionary<int, List<int>>();
        var byAbbreviationBigram = new Dictionary<int, List<int>>();
        for (var i = 0; i < _terms.Length; i++)
        {
            var term = _terms[i];
            _termsByName.TryAdd(Compact(term.Name), i);
            _termsByAbbreviation.TryAdd(term.Abbreviation, i);
            foreach (var synonym in term.Synonyms)
            {
                _termsBySynonym.TryAdd(Compact(synonym), i);
            }

            _termWords[i] = DecomposeKorean(Compact(term.Name)).Where(t => t.Kind == TokenKind.Standard).Select(t => t.Word!.Name).ToArray();
            foreach (var word in _termWords[i].Distinct())
            {
                Add(byWord, word, i);
            }

            foreach (var bigram in Bigrams(Compact(term.Name)).Distinct())
            {
                Add(byBigram, bigram, i);
            }

            foreach (var bigram in Bigrams(term.Abbreviation.ToUpperInvariant()).Distinct())
            {
                Add(byAbbreviationBigram, bigram, i);
            }
        }

        foreach (var term in dictionary.Terms.Where(t => t.Retired))
        {
            if (!_termsByName.ContainsKey(Compact(term.Name)))
            {
                _retiredTerms.TryAdd(Compact(term.Name), term);
            }

            if (!_termsByAbbreviation.ContainsKey(term.Abbreviation))
            {
                _retiredTerms.TryAdd(term.Abbreviation, term);
            }
        }

        _termsByWord = byWord.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _termsByBigram = byBigram.ToDictionary(p => p.Key, p => p.Value.ToArray());
        _termsByAbbreviationBigram = byAbbreviationBigram.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>The dictionary this checker was built from.</summary>
    public StandardDictionary Dictionary { get; }

    /// <summary>The active term of that Korean name or English abbreviation, if any.</summary>
    public StandardTerm? FindTerm(string nameOrAbbreviation) =>
        _termsByName.TryGetValue(Compact(nameOrAbbreviation), out var i) || _termsByAbbreviation.TryGetValue(nameOrAbbreviation.Trim(), out i)
            ? _terms[i]
            : null;

    public StandardTermCheck Check(StandardColumnInput column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.Name.Trim().Trim('"');
        var comment = string.IsNullOrWhiteSpace(column.Comment) ? null : column.Comment.Trim();
        var korean = HasHangul(name);
        var problems = new List<string>();

        int? termIndex = null;
        if (korean)
        {
            termIndex = Lookup(_termsByName, Compact(name));
        }
        else
        {
            termIndex = Lookup(_termsByAbbreviation, name);
            if (comment is not null && HasHangul(comment) && Lookup(_termsByName, Compact(comment)) is { } byComment)
            {
                if (termIndex is null)
                {
                    termIndex = byComment;
                    problems.Add($"abbreviation {name}, expected {_terms[byComment].Abbreviation} for the term {_terms[byComment].Name} named in the comment");
                }
                else if (byComment != termIndex)
                {
                    problems.Add($"the comment names the term {_terms[byComment].Name} ({_terms[byComment].Abbreviation}) but {name} is the abbreviation of {_terms[termIndex.Value].Name}");
                }
            }
        }

        if (termIndex is { } found)
        {
            var term = _terms[found];
            string? expected = null;
            if (term.DomainName is not null && _domains.TryGetValue(term.DomainName, out var domain))
            {
                expected = domain.SqlType;
                problems.AddRange(DomainAgreement.Problems(domain, column));
            }
            else if (term.DomainName is not null)
            {
                problems.Add($"the term's domain {term.DomainName} is not in the dictionary; import the domains file of the same edition");
            }

            return new StandardTermCheck(
                problems.Count == 0 ? StandardConformance.Conformant : StandardConformance.DomainMismatch,
                term.Name, term.Abbreviation, term.DomainName, expected, _termWords[found], [], problems, [])
            {
                ComposedAbbreviation = term.Abbreviation,
            };
        }

        var tokens = korean ? DecomposeKorean(Compact(name)) : DecomposeEnglish(name);
        if ((korean ? Compact(name) : name) is var key && _retiredTerms.TryGetValue(key, out var retired))
        {
            problems.Add($"{retired.Name} ({retired.Abbreviation}) is a retired term (폐기: {retired.Enacted}); rename the column to a current term");
        }

        var words = tokens.Select(t => t.Text).ToArray();
        var unknown = tokens.Where(t => t.Kind != TokenKind.Standard).Select(t => t.Text).ToArray();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Synonym:
                    problems.Add($"'{token.Text}' is a synonym (이음동의어) of the standard word {token.Word!.Name} ({token.Word.Abbreviation}); write {token.Word.Name}");
                    break;
                case TokenKind.Forbidden:
                    problems.Add($"'{token.Text}' is a forbidden word (금칙어); use the standard word {token.Word!.Name} ({token.Word.Abbreviation})");
                    break;
                case TokenKind.Unknown:
                    problems.Add($"'{token.Text}' is not a standard word; register it in the city's extension or use a standard word");
                    break;
            }
        }

        var last = tokens.Count > 0 ? tokens[^1] : default;
        var endsWithClassWord = last.Word is { IsClassWord: true };
        if (tokens.Count > 0 && !endsWithClassWord)
        {
            problems.Add($"the name ends with '{last.Text}', which is not a class word (형식단어); a term ends with one such as 명, 코드, 일자, 여부, 금액");
        }

        var allStandard = unknown.Length == 0 && tokens.Count > 0;
        var composed = tokens.All(t => t.Word is not null) && tokens.Count > 0 ? string.Join('_', tokens.Select(t => t.Word!.Abbreviation)) : null;
        string? expectedType = null;
        string? domainName = null;
        if (allStandard && endsWithClassWord)
        {
            problems.Add($"{string.Concat(tokens.Select(t => t.Word!.Name))} is made of standard words but is not a registered term; register it as a city term ({composed}) or use a listed one");
            (domainName, expectedType) = CheckClassDomain(last.Word!, column, problems);
        }

        var conformance = allStandard && endsWithClassWord ? StandardConformance.WordsOnly : StandardConformance.NonStandard;
        return new StandardTermCheck(conformance, null, null, domainName, expectedType, words, unknown, problems, Suggest(tokens, korean ? Compact(name) : null, korean ? null : name))
        {
            ComposedAbbreviation = composed,
        };
    }

    private (string? Domain, string? Expected) CheckClassDomain(StandardWord classWord, StandardColumnInput column, List<string> problems)
    {
        if (classWord.DomainClass is null || !_domainsByClass.TryGetValue(classWord.DomainClass, out var domains))
        {
            return (null, null);
        }

        if (domains.Count == 1)
        {
            problems.AddRange(DomainAgreement.Problems(domains[0], column));
            return (domains[0].Name, domains[0].SqlType);
        }

        // Several domains share the class (명V100…명V300): the column agrees when it fits any one of them.
        if (domains.All(d => DomainAgreement.Problems(d, column).Count > 0))
        {
            problems.Add($"type {DeclaredType.Parse(column.DataType, column.Length, column.Scale)?.Sql ?? column.InferredType ?? "unknown"} fits no domain of class {classWord.DomainClass} ({string.Join(", ", domains.Select(d => d.SqlType).Distinct())})");
        }

        return (null, null);
    }

    private List<StandardTermSuggestion> Suggest(List<Token> tokens, string? koreanName, string? englishName)
    {
        var suggestions = new List<StandardTermSuggestion>();
        var seen = new HashSet<int>();

        // The name with every synonym and forbidden word replaced by its standard word: when that is a term, it is the fix.
        if (tokens.Any(t => t.Kind is TokenKind.Synonym or TokenKind.Forbidden))
        {
            var corrected = string.Concat(tokens.Select(t => t.Word?.Name ?? t.Text));
            if (Lookup(_termsByName, corrected) is { } exact)
            {
                var replaced = string.Join(", ", tokens.Where(t => t.Kind is TokenKind.Synonym or TokenKind.Forbidden).Select(t => $"{t.Text} → {t.Word!.Name}"));
                suggestions.Add(Suggestion(exact, 1.0, $"{replaced}; words {Composition(exact)}"));
                seen.Add(exact);
            }
        }

        if (koreanName is not null && Lookup(_termsBySynonym, koreanName) is { } bySynonym && seen.Add(bySynonym))
        {
            suggestions.Add(Suggestion(bySynonym, 1.0, $"{koreanName} is listed as a synonym of the term; words {Composition(bySynonym)}"));
        }

        var standardWords = tokens.Where(t => t.Word is not null).Select(t => t.Word!.Name).ToHashSet(StringComparer.Ordinal);
        var classWord = tokens.Count > 0 && tokens[^1].Word is { IsClassWord: true } cw ? cw.Name : null;
        var surrogate = koreanName ?? string.Concat(tokens.Select(t => t.Word?.Name ?? ""));
        var corrected2 = string.Concat(tokens.Select(t => t.Word?.Name ?? t.Text));

        var votes = t_votes is { } v && v.Length >= _terms.Length ? v : t_votes = new int[_terms.Length];
        var touched = new List<int>();
        void Vote(int[] postings, int weight)
        {
            foreach (var i in postings)
            {
                if (votes[i] == 0)
                {
                    touched.Add(i);
                }

                votes[i] += weight;
            }
        }

        // Class words (명, 여부…) and two-letter pieces shared by hundreds of terms (여부, 일자) say little about which term
        // is meant and would make every check walk thousands of postings; the same-class bonus in the score covers them.
        foreach (var word in standardWords)
        {
            if (_words[word].IsClassWord is false && _termsByWord.TryGetValue(word, out var postings) && postings.Length <= MaxPostings)
            {
                Vote(postings, 3);
            }
        }

        foreach (var bigram in Bigrams(corrected2).Distinct())
        {
            if (_termsByBigram.TryGetValue(bigram, out var postings) && postings.Length <= MaxPostings)
            {
                Vote(postings, 1);
            }
        }

        if (englishName is not null)
        {
            foreach (var bigram in Bigrams(englishName.ToUpperInvariant()).Distinct())
            {
                if (_termsByAbbreviationBigram.TryGetValue(bigram, out var postings) && postings.Length <= MaxPostings)
                {
                    Vote(postings, 1);
                }
            }
        }

        try
        {
            foreach (var (index, score) in TopVoted(touched, votes).Where(i => !seen.Contains(i))
                         .Select(i => (Index: i, Score: Similarity(i, standardWords, classWord, corrected2, surrogate, englishName)))
                         .OrderByDescending(s => s.Score).ThenBy(s => _terms[s.Index].Name, StringComparer.Ordinal)
                         .Take(MaxSuggestions - suggestions.Count))
            {
                var common = _termWords[index].Where(standardWords.Contains).ToList();
                var reason = common.Count > 0
                    ? $"shares {string.Join(", ", common)}; words {Composition(index)}"
                    : $"similar spelling; words {Composition(index)}";
                suggestions.Add(Suggestion(index, Math.Round(score, 3), reason));
            }
        }
        finally
        {
            foreach (var i in touched)
            {
                votes[i] = 0;
            }
        }

        return suggestions;
    }

    /// <summary>The <see cref="RankedCandidates"/> terms with the most votes, found by bucketing on the (small) vote counts
    /// instead of sorting every term that got one.</summary>
    private List<int> TopVoted(List<int> touched, int[] votes)
    {
        var max = 0;
        foreach (var i in touched)
        {
            max = Math.Max(max, votes[i]);
        }

        var buckets = new List<int>?[max + 1];
        foreach (var i in touched)
        {
            (buckets[votes[i]] ??= []).Add(i);
        }

        var top = new List<int>(RankedCandidates);
        for (var v = max; v > 0 && top.Count < RankedCandidates; v--)
        {
            if (buckets[v] is { } bucket)
            {
                // Shorter names first within a tie: they are the more general terms.
                bucket.Sort((a, b) => _terms[a].Name.Length.CompareTo(_terms[b].Name.Length));
                top.AddRange(bucket.Take(RankedCandidates - top.Count));
            }
        }

        return top;
    }

    private double Similarity(int index, HashSet<string> words, string? classWord, string korean, string surrogate, string? english)
    {
        var termWords = _termWords[index];
        var common = termWords.Count(words.Contains);
        var union = words.Count + termWords.Length - common;
        var wordScore = union == 0 ? 0 : (double)common / union;
        var name = Compact(_terms[index].Name);
        var spelling = Math.Max(1 - (double)Levenshtein(korean, name) / Math.Max(korean.Length, name.Length),
            surrogate.Length == 0 ? 0 : 1 - (double)Levenshtein(surrogate, name) / Math.Max(surrogate.Length, name.Length));
        if (english is not null)
        {
            var abbreviation = _terms[index].Abbreviation;
            spelling = Math.Max(spelling, 1 - (double)Levenshtein(english.ToUpperInvariant(), abbreviation.ToUpperInvariant()) / Math.Max(english.Length, abbreviation.Length));
        }

        var sameClass = classWord is not null && termWords.Length > 0 && termWords[^1] == classWord ? 1.0 : 0.0;
        return Math.Clamp(0.45 * wordScore + 0.4 * Math.Max(spelling, 0) + 0.15 * sameClass, 0, 0.99);
    }

    private StandardTermSuggestion Suggestion(int index, double score, string reason) =>
        new(_terms[index].Name, _terms[index].Abbreviation, _terms[index].DomainName, score, reason);

    private string Composition(int index) =>
        _termWords[index].Length == 0 ? _terms[index].Name : string.Join(" + ", _termWords[index].Select(w => $"{w}({_words[w].Abbreviation})"));

    /// <summary>Splits a Korean name into the fewest dictionary words (standard, then synonyms and forbidden words), leaving
    /// unknown stretches as they are: a shortest path over the name where an unknown character costs more than any word.</summary>
    private List<Token> DecomposeKorean(string name)
    {
        var n = name.Length;
        if (n == 0)
        {
            return [];
        }

        Span<double> cost = n <= 128 ? stackalloc double[n + 1] : new double[n + 1];
        Span<int> from = n <= 128 ? stackalloc int[n + 1] : new int[n + 1];
        Span<byte> kind = n <= 128 ? stackalloc byte[n + 1] : new byte[n + 1];
        cost.Fill(double.MaxValue);
        cost[0] = 0;
        var span = name.AsSpan();
        for (var i = 0; i < n; i++)
        {
            if (cost[i] == double.MaxValue)
            {
                continue;
            }

            for (var j = i + 1; j <= Math.Min(n, i + _maxWordLength); j++)
            {
                var piece = span[i..j];
                var step = _wordSpans.ContainsKey(piece) ? 1.0 : _replacementSpans.ContainsKey(piece) ? 1.25 : 0;
                if (step > 0 && cost[i] + step < cost[j])
                {
                    cost[j] = cost[i] + step;
                    from[j] = i;
                    kind[j] = step == 1.0 ? (byte)TokenKind.Standard : (byte)TokenKind.Synonym;
                }
            }

            if (cost[i] + 4 < cost[i + 1])
            {
                cost[i + 1] = cost[i] + 4;
                from[i + 1] = i;
                kind[i + 1] = (byte)TokenKind.Unknown;
            }
        }

        var tokens = new List<Token>();
        for (var end = n; end > 0; end = from[end])
        {
            var text = name[from[end]..end];
            var tokenKind = (TokenKind)kind[end];
            if (tokenKind == TokenKind.Unknown && tokens.Count > 0 && tokens[^1].Kind == TokenKind.Unknown)
            {
                // Consecutive unknown characters read as one unknown part.
                tokens[^1] = tokens[^1] with { Text = text + tokens[^1].Text };
                continue;
            }

            tokens.Add(tokenKind switch
            {
                TokenKind.Standard => new Token(text, TokenKind.Standard, _words[text]),
                TokenKind.Synonym => ReplacementToken(text),
                _ => new Token(text, TokenKind.Unknown, null),
            });
        }

        tokens.Reverse();
        return tokens;
    }

    private List<Token> DecomposeEnglish(string name)
    {
        var tokens = new List<Token>();
        foreach (var part in name.Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (_wordsByAbbreviation.TryGetValue(part, out var word))
            {
                tokens.Add(new Token(part.ToUpperInvariant(), TokenKind.Standard, word));
            }
            else if (_replacements.ContainsKey(part))
            {
                tokens.Add(ReplacementToken(part));
            }
            else
            {
                tokens.Add(new Token(part, TokenKind.Unknown, null));
            }
        }

        return tokens;
    }

    private Token ReplacementToken(string text)
    {
        var replacement = _replacements[text];
        return new Token(text, replacement.Forbidden ? TokenKind.Forbidden : TokenKind.Synonym, replacement.Word);
    }

    private static int? Lookup(Dictionary<string, int> index, string key) => index.TryGetValue(key, out var i) ? i : null;

    private static void Add<TKey>(Dictionary<TKey, List<int>> index, TKey key, int value)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(value);
    }

    private static IEnumerable<int> Bigrams(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            yield return (text[i] << 16) | text[i + 1];
        }
    }

    /// <summary>A name without the spaces and underscores people put between words (<c>주차장 명</c>, <c>주차장_명</c>).</summary>
    private static string Compact(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.AsSpan().IndexOfAny(" _\t") < 0)
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c is not (' ' or '_' or '\t'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool HasHangul(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\uAC00' and <= '\uD7A3')
            {
                return true;
            }
        }

        return false;
    }

    private static int Levenshtein(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }

    private enum TokenKind : byte
    {
        Standard = 1,
        Synonym = 2,
        Forbidden = 3,
        Unknown = 4,
    }

    private readonly record struct Token(string Text, TokenKind Kind, StandardWord? Word);

    private sealed record Replacement(StandardWord Word, bool Forbidden);
}
