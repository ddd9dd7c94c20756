using System.Globalization;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Tells a text file from a binary one named <c>.csv</c> by the bytes of its head, before any of it is profiled.</summary>
/// <remarks>Text never holds NUL bytes (UTF-16 is recognised by its byte-order mark before this is asked), and holds few
/// control bytes besides tab, line feed, carriage return and form feed. Bytes that are neither valid UTF-8 nor valid CP949
/// and carry control bytes besides are no Korean text either.</remarks>
internal static class TextSniffer
{
    /// <summary>Share of control bytes (besides NUL, tab, LF, CR, FF) above which a head is not text.</summary>
    public const double MaxControlShare = 0.05;

    /// <summary>Share of control bytes above which bytes that decode as neither UTF-8 nor CP949 are not text.</summary>
    public const double MaxControlShareOfUndecodable = 0.01;

    /// <summary>What is wrong with <paramref name="head"/> as text (<c>37 % NUL bytes in the first 64 KB</c>); null when it is text.</summary>
    /// <param name="decodable">Whether the head is valid UTF-8 or CP949 (or carries a Unicode byte-order mark).</param>
    public static string? Problem(ReadOnlySpan<byte> head, bool decodable)
    {
        if (head.IsEmpty)
        {
            return null;
        }

        var nul = head.Count((byte)0);
        long control = 0;
        foreach (var b in head)
        {
            if (b is < 0x20 and not (0 or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C) or 0x7F)
            {
                control++;
            }
        }

        var of = $"in the first {Size(head.Length)}";
        if (nul > 0)
        {
            return $"{Share(nul, head.Length)} NUL bytes {of}";
        }

        var share = (double)control / head.Length;
        if (share > MaxControlShare || (!decodable && share > MaxControlShareOfUndecodable))
        {
            return $"{Share(control, head.Length)} control bytes {of}{(decodable ? "" : ", and the bytes are neither UTF-8 nor CP949 text")}";
        }

        return null;
    }

    private static string Share(long part, int whole)
    {
        var percent = 100d * part / whole;
        // "0 %" would read as "none" for a single NUL in 64 KB.
        return percent < 1 ? "<1 %" : percent.ToString("0", CultureInfo.InvariantCulture) + " %";
    }

    private static string Size(int bytes) => bytes >= 1024
        ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}

/// <summary>A file that is not the text it claims to be; the message names the file, what is wrong and the fix.</summary>
/// <param name="problem">What is wrong, without the file's name or a fix (<c>38 % NUL bytes in the first 64 KB</c>).</param>
internal sealed class UnreadableFileException(string message, string problem) : Exception(message)
{
    public string Problem { get; } = problem;
}

/// <summary>Removes NUL characters, which PostgreSQL text cannot hold, from whatever a file lets through.</summary>
internal static class NulText
{
    public static string Clean(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;

    public static string? CleanOrNull(string? value) => value is null ? null : Clean(value);

    public static bool Has(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);
}
