using System.Text.RegularExpressions;

namespace DataCatalog.Core.Rules;

/// <summary>Name globs of rule targets: <c>*</c> any run of characters, <c>?</c> one character, case-insensitive.</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static bool AnyMatch(IReadOnlyList<string> patterns, string name) => patterns.Count == 0 || patterns.Any(p => IsMatch(p, name));
}
