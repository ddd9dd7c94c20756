using System.Globalization;

namespace DataCatalog.Core.Reports;

/// <summary>
/// What a report covers: one department (or the whole city) as of the end of a day in Korean time. Everything recorded
/// before <see cref="Cutoff"/> counts, nothing after, so a report for a past day is the same whenever it is taken.
/// </summary>
public sealed record ReportScope(string? Department, DateOnly AsOf)
{
    /// <summary>Korea Standard Time has no daylight saving: a fixed offset is exact.</summary>
    public static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    /// <summary>The first instant after the as-of day (midnight KST that ends it).</summary>
    public DateTimeOffset Cutoff => new(AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue), Kst);

    /// <summary>The scope for <paramref name="asOf"/>, or for today in Korea when it is null.</summary>
    public static ReportScope For(string? department, DateOnly? asOf, DateTimeOffset now) =>
        new(string.IsNullOrWhiteSpace(department) ? null : department.Trim(), asOf ?? DateOnly.FromDateTime(now.ToOffset(Kst).DateTime));

    /// <summary>Reads <c>YYYY-MM-DD</c>; the error names the parameter and the form.</summary>
    public static DateOnly? ParseAsOf(string? text, string where, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        error = $"{where} takes a date as YYYY-MM-DD (Korean time), e.g. 2026-11-26; '{text}' is not one.";
        return null;
    }

    /// <summary>An instant as ISO 8601 in Korean time, to the second (<c>2026-11-26T09:30:00+09:00</c>).</summary>
    public static string Iso(DateTimeOffset instant) =>
        instant.ToOffset(Kst).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A number with invariant formatting and at most four decimals, so reruns print the same digits.</summary>
    public static string Number(double value) => Math.Round(value, 4, MidpointRounding.ToEven).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The file name stem of a report: kind, scope and day (<c>compliance-transport-2026-11-26</c>).</summary>
    public string FileStem(string kind) => $"{kind}-{Department ?? "city"}-{AsOf:yyyy-MM-dd}";
}
