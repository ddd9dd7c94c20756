using DataCatalog.Core.Sources;

namespace DataCatalog.Core.Publishing;

/// <summary>
/// Which sources' datasets the city publishes in its own catalogue (/catalog.jsonld, /catalog.rdf, /catalog.csv).
/// A source says so with its option <c>publish</c> (<c>"true"</c> or <c>"false"</c>); without it, open-data portals and
/// file drops are public (they are what departments already hand out) and databases are not (internal systems).
/// Only active datasets are published, and nothing about personal data: no columns, no profiles, no examples.
/// </summary>
public static class PublicationPolicy
{
    /// <summary>The source option that overrides the default.</summary>
    public const string Option = "publish";

    public static bool IsPublic(string sourceKind, IReadOnlyDictionary<string, string>? options)
    {
        if (options is not null && options.TryGetValue(Option, out var value) && bool.TryParse(value, out var declared))
        {
            return declared;
        }

        return sourceKind is SourceKind.Ckan or SourceKind.Dcat or SourceKind.FileDrop;
    }

    /// <summary>The EU frequency authority code of a declared update cycle (월간 → MONTHLY), or null when not understood.</summary>
    public static string? Frequency(string? updateCycle)
    {
        if (string.IsNullOrWhiteSpace(updateCycle))
        {
            return null;
        }

        var text = updateCycle.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        // The same order as the rule engine's reading (Rules/UpdateCycle): half-yearly before yearly, weekly before monthly before daily.
        (string[] Words, string Code)[] cycles =
        [
            (["실시간", "real-time", "realtime", "continuous"], "CONT"),
            (["수시", "asneeded", "irregular", "as-needed"], "IRREG"),
            (["반기", "half-yearly", "semiannual", "semi-annual", "biannual"], "ANNUAL_2"),
            (["분기", "quarterly", "quarter"], "QUARTERLY"),
            (["매주", "주간", "주", "weekly", "week"], "WEEKLY"),
            (["매월", "월간", "월", "monthly", "month"], "MONTHLY"),
            (["매년", "연간", "년", "연", "yearly", "annual", "annually", "year"], "ANNUAL"),
            (["매일", "일간", "일", "daily", "day"], "DAILY"),
        ];
        return cycles.FirstOrDefault(c => c.Words.Any(w => text.Contains(w, StringComparison.Ordinal))).Code;
    }
}
