using System.Globalization;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Decides whether a table's first row names its columns or is already data.</summary>
/// <remarks>The first row is a header when its cells are all non-empty, distinct and mostly not numbers or dates, and
/// either it is the only row or the later rows show it is different in kind: some column holds only numbers or dates
/// below a header cell that is neither, or only values of one length below a header cell of another length (codes,
/// flags). A table whose columns are all free text therefore reads as headerless: the <c>header</c> option overrides.</remarks>
public static class HeaderDetector
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy.MM.dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mm", "yyyy.MM.dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
    ];

    /// <param name="rows">The first rows of the table (the first is the candidate header), cells as read.</param>
    public static bool LooksLikeHeader(IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        if (rows.Count == 0)
        {
            return false;
        }

        var header = rows[0];
        if (header.Count == 0 || header.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        if (header.Select(h => h!.Trim()).Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            return false;
        }

        if (header.Count(IsNumberOrDate) * 2 > header.Count)
        {
            return false;
        }

        if (rows.Count == 1)
        {
            return true;
        }

        for (var column = 0; column < header.Count; column++)
        {
            var name = header[column]!.Trim();
            if (IsNumberOrDate(name))
            {
                continue;
            }

            var values = rows.Skip(1).Where(r => r.Count > column && !string.IsNullOrWhiteSpace(r[column]))
                .Select(r => r[column]!.Trim()).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            if (values.All(IsNumberOrDate))
            {
                return true;
            }

            var length = values[0].Length;
            if (values.Count >= 2 && values.All(v => v.Length == length) && name.Length != length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for an invariant number (<c>1,234.5</c>, <c>-3</c>) or a date as Korean files write them.</summary>
    public static bool IsNumberOrDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        return decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            || DateTime.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
