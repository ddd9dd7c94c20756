namespace DataCatalog.Core.Profiling;

/// <summary>Reduces a value to its shape (<c>2024-01-05</c> → <c>9999-99-99</c>) so formats can be counted without the values.</summary>
/// <remarks>
/// ASCII digits become <c>9</c>, ASCII letters of either case become <c>A</c>, Hangul syllables become <c>K</c>;
/// every other character (separators, spaces, other scripts) is kept as it is. Runs are not collapsed, so the
/// pattern also shows lengths. Because every ASCII letter maps to <c>A</c>, a literal <c>K</c> or <c>9</c> in a
/// pattern always stands for a class, never for itself.
/// </remarks>
public static class PatternClass
{
    /// <summary>Characters of a value that shape its pattern; longer values end in <see cref="Truncated"/>.</summary>
    /// <remarks>Free text would otherwise give every row its own long pattern and the pattern map nothing to count.</remarks>
    public const int MaxLength = 64;

    /// <summary>Marks a pattern cut at <see cref="MaxLength"/> characters.</summary>
    public const char Truncated = '…';

    /// <summary>The pattern of <paramref name="value"/>.</summary>
    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<char> pattern = stackalloc char[MaxLength + 1];
        return new string(pattern[..Write(value, pattern)]);
    }

    /// <summary>Writes the pattern of <paramref name="value"/> into <paramref name="pattern"/> (at least
    /// <see cref="MaxLength"/> + 1 characters) without allocating, and returns its length.</summary>
    public static int Write(ReadOnlySpan<char> value, Span<char> pattern)
    {
        var truncated = value.Length > MaxLength;
        var length = Math.Min(value.Length, MaxLength);
        // Cutting between the halves of a surrogate pair would leave invalid UTF-16 that PostgreSQL and JSON refuse.
        if (truncated && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        for (var i = 0; i < length; i++)
        {
            pattern[i] = Symbol(value[i]);
        }

        if (!truncated)
        {
            return length;
        }

        pattern[length] = Truncated;
        return length + 1;
    }

    /// <summary>The pattern as PostgreSQL computes it in the push-down profile: the same classes over the first
    /// <see cref="MaxLength"/> code points rather than UTF-16 units. Equal to <see cref="Of"/> for text without
    /// characters above U+FFFF.</summary>
    public static string OfCodePoints(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return Of(value);
        }

        var pattern = new System.Text.StringBuilder(Math.Min(value.Length, MaxLength + 1));
        var taken = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (taken == MaxLength)
            {
                return pattern.Append(Truncated).ToString();
            }

            // Classes are all in the Basic Multilingual Plane; a code point above it is kept as it is.
            if (rune.IsBmp)
            {
                pattern.Append(Symbol((char)rune.Value));
            }
            else
            {
                pattern.Append(rune.ToString());
            }

            taken++;
        }

        return pattern.ToString();
    }

    private static char Symbol(char c) => c switch
    {
        >= '0' and <= '9' => '9',
        >= 'A' and <= 'Z' or >= 'a' and <= 'z' => 'A',
        >= '\uAC00' and <= '\uD7A3' => 'K',
        _ => c,
    };
}
