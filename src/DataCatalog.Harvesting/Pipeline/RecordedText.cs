using System.Text.RegularExpressions;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Takes out of a run's recorded errors and warnings what describes the connection rather than the problem:
/// server addresses and ports, user and role names, connection-string values, URL credentials and query values.</summary>
/// <remarks>Run history is readable by every steward; the source id and the fix are what they need, and a host,
/// port or account name of a department's database is not theirs to see.</remarks>
public static partial class RecordedText
{
    /// <summary>Written in place of what was taken out.</summary>
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with connection details masked.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Url().Replace(text, RedactUrl);
        text = ConnectionStringValue().Replace(text, m => m.Groups["key"].Value + "=" + Mask);
        text = Account().Replace(text, m => m.Groups["word"].Value + " \"" + Mask + "\"");
        text = Address().Replace(text, Mask);
        text = HostAndPort().Replace(text, m => m.Groups["word"].Value + " " + Mask);
        return text;
    }

    /// <inheritdoc cref="Redact(string)"/>
    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    private static string RedactUrl(Match match)
    {
        var scheme = match.Groups["scheme"].Value;
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            // postgres://user:password@host:port/db and the like: all of it describes the connection.
            return scheme + "://" + Mask;
        }

        // A portal's own address is public and says which resource failed; credentials and query values may not be.
        var rest = match.Groups["rest"].Value;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (at >= 0 && (slash < 0 || at < slash))
        {
            rest = rest[(at + 1)..];
        }

        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var pairs = rest[(query + 1)..].Split('&')
                .Select(p => p.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? p[..eq] + "=" + Mask : p);
            rest = rest[..query] + "?" + string.Join('&', pairs);
        }

        return scheme + "://" + rest;
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<rest>[^\s""'<>()]+)")]
    private static partial Regex Url();

    [GeneratedRegex(@"\b(?<key>Host|Server|Port|Database|Username|User\s?Id|User|Password|Pwd|Passfile|Uid)\s*=\s*[^;\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringValue();

    [GeneratedRegex(@"\b(?<word>user|role|database)\s+""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex Account();

    [GeneratedRegex(@"\[[0-9A-Fa-f:.]+\](:\d{1,5})?|\b\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?\b")]
    private static partial Regex Address();

    [GeneratedRegex(@"\b(?<word>to|at|host|server|from)\s+(?=[\w-]*[A-Za-z.])[A-Za-z0-9][\w.-]*:\d{1,5}\b", RegexOptions.IgnoreCase)]
    private static partial Regex HostAndPort();
}
