using System.Globalization;
using System.Text;

namespace DataCatalog.Persistence.Search;

/// <summary>
/// Splits search text into the tokens the search documents hold: runs of Hangul syllables (matched as their
/// two-syllable pieces, so any Korean substring of two syllables or more is a whole lexeme) and runs of other
/// letters and digits (matched as word prefixes).
/// </summary>
public static class SearchTokens
{
    /// <summary>At most this many tokens of a search are used; the rest would only narrow it further.</summary>
    public const int MaxTokens = 8;

    /// <summary>A token of search text and the tsquery text that finds it exactly.</summary>
    /// <param name="Text">The token, lower-cased.</param>
    /// <param name="Query">tsquery text: its Hangul bigrams joined by AND, or a word prefix.</param>
    /// <param name="TypoCandidate">Long enough to look for similar words when it is not found as written.</param>
    public sealed record Token(string Text, string Query, bool TypoCandidate)
    {
        /// <summary>The lexemes <see cref="Query"/> joins by AND, each whole or (<c>Prefix</c>) as the start of a lexeme.</summary>
        public IReadOnlyList<(string Lexeme, bool Prefix)> Units { get; } = Query.Split(" & ", StringSplitOptions.None)
            .Select(unit => unit.EndsWith(":*", StringComparison.Ordinal) ? (Unquote(unit[..^2]), true) : (Unquote(unit), false))
            .ToList();
    }

    /// <summary>The tokens of <paramref name="text"/>, in order, without repeats.</summary>
    public static IReadOnlyList<Token> Tokens(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return tokens;
        }

        var lower = text.ToLower(CultureInfo.InvariantCulture);
        var i = 0;
        while (i < lower.Length && tokens.Count < MaxTokens)
        {
            var start = i;
            if (IsHangul(lower[i]))
            {
                while (i < lower.Length && IsHangul(lower[i]))
                {
                    i++;
                }

                Add(tokens, HangulToken(lower[start..i]));
            }
            else if (char.IsLetterOrDigit(lower[i]))
            {
                while (i < lower.Length && char.IsLetterOrDigit(lower[i]) && !IsHangul(lower[i]))
                {
                    i++;
                }

                var word = lower[start..i];
                // A word of three letters or more also finds longer words it begins ("park" finds "parking").
                Add(tokens, new Token(word, word.Length >= 3 ? Quote(word) + ":*" : Quote(word), word.Length >= 4));
            }
            else
            {
                i++;
            }
        }

        return tokens;
    }

    /// <summary>Hangul syllables (가–힣), the only Korean characters the documents split into bigrams.</summary>
    public static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';

    private static Token HangulToken(string run)
    {
        if (run.Length == 1)
        {
            // One syllable: the bigrams that start with it (and a one-syllable word, stored as itself).
            return new Token(run, Quote(run) + ":*", false);
        }

        var query = new StringBuilder();
        for (var j = 0; j + 1 < run.Length; j++)
        {
            if (j > 0)
            {
                query.Append(" & ");
            }

            query.Append(Quote(run.Substring(j, 2)));
        }

        return new Token(run, query.ToString(), run.Length >= 3);
    }

    private static void Add(List<Token> tokens, Token token)
    {
        if (!tokens.Exists(t => t.Text == token.Text))
        {
            tokens.Add(token);
        }
    }

    /// <summary>
    /// <paramref name="query"/> (a token's <see cref="Token.Query"/>: quoted lexemes, maybe prefixes, joined by AND)
    /// with every lexeme restricted to <paramref name="weight"/>.
    /// </summary>
    public static string Weighted(string query, char weight) =>
        string.Join(" & ", query.Split(" & ", StringSplitOptions.None).Select(lexeme => lexeme + (lexeme.EndsWith(":*", StringComparison.Ordinal) ? "" : ":") + weight));

    private static string Unquote(string quoted) =>
        quoted[1..^1].Replace("''", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>A lexeme quoted for tsquery input; tokens hold only letters and digits, but a quote would still be kept literal.</summary>
    public static string Quote(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
