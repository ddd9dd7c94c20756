namespace DataCatalog.Core.Standards;

/// <summary>How one dictionary row changed between two editions.</summary>
public enum StandardRowChange
{
    Added,
    Retired,
    Removed,
    Changed,
}

/// <summary>One row that differs between two editions; <paramref name="Detail"/> names the fields that changed.</summary>
public sealed record StandardRowDifference(StandardDictionaryKind Dictionary, string Name, StandardRowChange Change, string? Detail);

/// <summary>Compares two dictionaries row by row, by name.</summary>
public static class StandardDictionaryDiff
{
    /// <summary>Rows added, retired, removed (absent from <paramref name="after"/>) and changed, per dictionary, ordered by name.</summary>
    public static IReadOnlyList<StandardRowDifference> Compare(StandardDictionary before, StandardDictionary after)
    {
        var differences = new List<StandardRowDifference>();
        Compare(StandardDictionaryKind.Words, before.Words, after.Words, w => w.Name, w => w.Retired, WordFields, differences);
        Compare(StandardDictionaryKind.Terms, before.Terms, after.Terms, t => t.Name, t => t.Retired, TermFields, differences);
        Compare(StandardDictionaryKind.Domains, before.Domains, after.Domains, d => d.Name, d => d.Retired, DomainFields, differences);
        return differences;
    }

    private static void Compare<T>(StandardDictionaryKind kind, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> name,
        Func<T, bool> retired, Func<T, (string Field, string? Value)[]> fields, List<StandardRowDifference> differences)
    {
        // A name may appear twice (retired, then enacted again): the live row speaks for the name.
        static Dictionary<string, T> ByName(IReadOnlyList<T> rows, Func<T, string> name, Func<T, bool> retired) => rows
            .GroupBy(name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.FirstOrDefault(r => !retired(r)) ?? g.First(), StringComparer.Ordinal);

        var old = ByName(before, name, retired);
        var @new = ByName(after, name, retired);
        foreach (var (key, row) in @new.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!old.TryGetValue(key, out var previous))
            {
                differences.Add(new(kind, key, retired(row) ? StandardRowChange.Retired : StandardRowChange.Added, null));
            }
            else if (retired(row) && !retired(previous))
            {
                differences.Add(new(kind, key, StandardRowChange.Retired, null));
            }
            else
            {
                var changed = fields(previous).Zip(fields(row))
                    .Where(p => !string.Equals(p.First.Value, p.Second.Value, StringComparison.Ordinal))
                    .Select(p => $"{p.First.Field}: {p.First.Value ?? "-"} → {p.Second.Value ?? "-"}")
                    .ToList();
                if (changed.Count > 0)
                {
                    differences.Add(new(kind, key, StandardRowChange.Changed, string.Join("; ", changed)));
                }
            }
        }

        foreach (var key in old.Keys.Where(k => !@new.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            differences.Add(new(kind, key, StandardRowChange.Removed, null));
        }
    }

    private static (string, string?)[] WordFields(StandardWord w) =>
    [
        ("abbreviation", w.Abbreviation), ("english", w.EnglishName), ("class word", w.IsClassWord ? "Y" : "N"), ("domain class", w.DomainClass),
        ("synonyms", string.Join(", ", w.Synonyms)), ("forbidden", string.Join(", ", w.ForbiddenWords)), ("retired", w.Retired ? "Y" : "N"),
    ];

    private static (string, string?)[] TermFields(StandardTerm t) =>
    [
        ("abbreviation", t.Abbreviation), ("domain", t.DomainName), ("allowed values", t.AllowedValues), ("storage format", t.StorageFormat),
        ("code", t.AdministrativeCode), ("retired", t.Retired ? "Y" : "N"),
    ];

    private static (string, string?)[] DomainFields(StandardDomain d) =>
    [
        ("type", d.DataType), ("length", d.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("scale", d.Scale?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("storage format", d.StorageFormat),
        ("allowed values", d.AllowedValues), ("retired", d.Retired ? "Y" : "N"),
    ];
}
