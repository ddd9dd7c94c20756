using System.Globalization;
using System.Text;
using GraphQL;

namespace DataCatalog.Api.Catalog;

/// <summary>
/// Reads resolver arguments the client controls and refuses bad ones with <c>INVALID_ARGUMENT</c>, naming the
/// argument and echoing at most a short prefix of its value.
/// </summary>
internal static class CatalogArguments
{
    /// <summary>The <c>extensions.code</c> of every refused argument.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>Longest identifier (department code, source id) a client may pass.</summary>
    public const int MaxIdentifierLength = 200;

    /// <summary>Longest search text; trigram matching costs grow with it.</summary>
    public const int MaxSearchLength = 200;

    private const int EchoLength = 40;

    public static ExecutionError Invalid(string message) => new(message) { Code = InvalidArgument };

    /// <summary>A dataset or run id: the decimal digits of a positive 64-bit number.</summary>
    public static long Id(IResolveFieldContext context, string name)
    {
        var text = context.GetArgument<string>(name) ?? "";
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw Invalid($"'{name}' must be an id this catalog issued (digits, at most 19); it was '{Echo(text)}'.");
    }

    /// <summary>An optional page size between 1 and <paramref name="max"/>.</summary>
    public static int PageSize(IResolveFieldContext context, string name, int fallback, int max)
    {
        var value = context.GetArgument<int?>(name) ?? fallback;
        return value is < 1 || value > max
            ? throw Invalid($"'{name}' must be between 1 and {max}; it was {value}.")
            : value;
    }

    /// <summary>An optional number of items to skip, 0 to <see cref="MaxOffset"/>.</summary>
    public static int Offset(IResolveFieldContext context, string name)
    {
        var value = context.GetArgument<int?>(name) ?? 0;
        return value is < 0 or > MaxOffset
            ? throw Invalid($"'{name}' must be between 0 and {MaxOffset}; it was {value}.")
            : value;
    }

    /// <summary>Deepest a client may page into a history list by offset.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>An optional identifier; PostgreSQL text cannot hold NUL, and no id holds a control character.</summary>
    public static string? Identifier(IResolveFieldContext context, string name)
    {
        var value = context.GetArgument<string?>(name);
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxIdentifierLength || value.Any(char.IsControl) || !IsWellFormed(value))
        {
            throw Invalid($"'{name}' must be an identifier of at most {MaxIdentifierLength} printable characters; it was '{Echo(value)}'.");
        }

        return value;
    }

    /// <summary>Optional free text: control characters (NUL among them) become spaces, and it must be short and well-formed.</summary>
    public static string? SearchText(IResolveFieldContext context, string name)
    {
        var value = context.GetArgument<string?>(name);
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxSearchLength || !IsWellFormed(value))
        {
            throw Invalid($"'{name}' must be text of at most {MaxSearchLength} characters; it was '{Echo(value)}'.");
        }

        return string.Create(value.Length, value, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? ' ' : text[i];
            }
        });
    }

    /// <summary>A short, printable prefix of client text for an error message.</summary>
    public static string Echo(string value)
    {
        var prefix = value.Length <= EchoLength ? value : value[..EchoLength] + "…";
        var builder = new StringBuilder(prefix.Length);
        foreach (var c in prefix)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
        }

        return builder.ToString();
    }

    // A lone surrogate (valid in JSON as "\ud800") cannot be encoded as UTF-8 for PostgreSQL.
    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
