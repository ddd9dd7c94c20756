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

    /// <summary>Korean class words (형식단어) that end a standard column name (STANDARDS.md §1): a first row whose cells mostly
    /// end in one reads as names even when no column below differs from it in kind.</summary>
    private static readonly string[] ClassWords =
    [
        "명", "명칭", "코드", "번호", "일자", "일시", "여부", "금액", "수", "율", "내용", "주소", "전화번호", "구분", "유형", "설명",
        "분류", "위치", "비고", "연도", "년도", "시간", "기간", "면적", "규모", "현황", "정보", "값", "량", "액", "도", "형식", "단위",
    ];

    /// <param name="rows">The first rows of the table (the first is the candidate header), cells as read.</param>
    public static bool LooksLikeHeader(IReadOnlyList<IReadOnlyList<string?>> rows) => Decide(rows).IsHeader;

    /// <summary>Whether the first row is a header, whether the data showed it (certain) or it is a guess, and why.</summary>
    /// <param name="rows">The first rows of the table (the first is the candidate header), cells as read.</param>
    public static HeaderDecision Decide(IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        if (rows.Count == 0)
        {
            return new HeaderDecision(false, true, "the table is empty");
        }

        var header = rows[0];
        if (header.Count == 0 || header.Any(string.IsNullOrWhiteSpace))
        {
            return new HeaderDecision(false, true, "the first line has an empty cell");
        }

        if (header.Select(h => h!.Trim()).Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            return new HeaderDecision(false, true, "the first line repeats a value");
        }

        if (header.Count(IsNumberOrDate) * 2 > header.Count)
        {
            return new HeaderDecision(false, true, "the first line is mostly numbers or dates");
        }

        if (rows.Count == 1)
        {
            return new HeaderDecision(true, true, "the first line is the only one and holds names");
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
                return new HeaderDecision(true, true, $"column {column + 1} holds only numbers or dates below '{name}'");
            }

            var length = values[0].Length;
            if (values.Count >= 2 && values.All(v => v.Length == length) && name.Length != length)
            {
                return new HeaderDecision(true, true, $"column {column + 1} holds only values of {length} characters below '{name}'");
            }
        }

        var named = header.Count(h => LooksLikeName(h!.Trim()));
        var repeatedBelow = Enumerable.Range(0, header.Count).Any(column =>
            rows.Skip(1).Any(r => r.Count > column && string.Equals(r[column]?.Trim(), header[column]!.Trim(), StringComparison.Ordinal)));
        if (named * 2 >= header.Count && !repeatedBelow)
        {
            return new HeaderDecision(true, false,
                $"{named} of its {header.Count} cells end in a class word such as 명, 코드 or 일자, but no column below differs from it in kind");
        }

        return new HeaderDecision(false, false, "no column below differs from the first line in kind (all free text)");
    }

    /// <summary>A Korean column name: Hangul, at most 30 characters, ending in a class word (주차장명, 개방여부, 관리기관전화번호).</summary>
    private static bool LooksLikeName(string cell) =>
        cell.Length is > 0 and <= 30
        && cell.Any(c => c is >= '\uAC00' and <= '\uD7A3')
        && ClassWords.Any(w => cell.EndsWith(w, StringComparison.Ordinal) && (cell.Length > w.Length || w.Length >= 2));

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

/// <summary>Whether a table's first row names its columns.</summary>
/// <param name="Certain">False when the rows did not show it either way and the decision is a guess that the <c>header</c> option may need to override.</param>
/// <param name="Reason">What decided it, for the run's warning.</param>
public sealed record HeaderDecision(bool IsHeader, bool Certain, string Reason);
