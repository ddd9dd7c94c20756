using System.Text;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Privacy;

/// <summary>What of a personal column's statistics may be shown, for every profiler (files, portals, databases).</summary>
/// <remarks>Masked values are merged and only those shared by at least <see cref="MinimumCount"/> rows are kept: a masked
/// value held by one row still points at one person. Patterns are collapsed to runs (<c>A+@A+.A+</c>) so they no longer
/// spell out the lengths of an e-mail's parts or of a name. Min and max are withheld: an ordering of masked values means
/// nothing, and the raw extremes would leak.</remarks>
public static class ProfilePrivacy
{
    /// <summary>Rows a masked top value must be shared by to be shown.</summary>
    public const int MinimumCount = 2;

    /// <summary>Most frequent values, masked and merged for a personal class; as given (ordered, cut) otherwise.</summary>
    public static List<ValueCount> TopValues(IEnumerable<KeyValuePair<string, long>> counts, PiiClass pii, int take)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var shown = pii.IsPersonal()
            ? counts.GroupBy(kv => Masking.Mask(kv.Key, pii), StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, g.Sum(kv => kv.Value)))
                .Where(kv => kv.Value >= MinimumCount)
            : counts;
        return Top(shown, take);
    }

    /// <summary>Pattern counts, collapsed to runs and merged for a personal class; as given (ordered, cut) otherwise.</summary>
    public static List<ValueCount> Patterns(IEnumerable<KeyValuePair<string, long>> counts, PiiClass pii, int take)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var shown = pii.IsPersonal()
            ? counts.GroupBy(kv => Collapse(kv.Key), StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Sum(kv => kv.Value)))
            : counts;
        return Top(shown, take);
    }

    /// <summary>A pattern with every run of one class written once and marked <c>+</c> when longer (<c>999-9999</c> → <c>9+-9+</c>).</summary>
    public static string Collapse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var run = 1;
            while (i + 1 < pattern.Length && pattern[i + 1] == c && c is '9' or 'A' or 'K')
            {
                i++;
                run++;
            }

            text.Append(c);
            if (run > 1)
            {
                text.Append('+');
            }
        }

        return text.ToString();
    }

    private static List<ValueCount> Top(IEnumerable<KeyValuePair<string, long>> counts, int take) =>
        [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(take).Select(kv => new ValueCount(kv.Key, kv.Value))];
}
