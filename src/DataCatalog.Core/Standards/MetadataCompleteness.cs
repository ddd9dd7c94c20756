namespace DataCatalog.Core.Standards;

/// <summary>A dataset's portal metadata as the completeness check reads it.</summary>
/// <param name="TableName">The physical name (table or file); a title equal to it is not a title.</param>
public sealed record DatasetMetadataInput(
    string? Title,
    string? Description,
    string? Publisher,
    string? Department,
    string? UpdateCycle,
    string? Licence,
    IReadOnlyList<string>? Keywords,
    string? ContactPoint,
    string? TableName = null);

/// <summary>The metadata fields the open-data portal requires (data.go.kr, DCAT-AP).</summary>
public enum MetadataField
{
    Title,
    Description,
    Publisher,
    UpdateCycle,
    Licence,
    Keywords,
    Contact,
}

/// <summary>One field's verdict: present and plausible, or why not.</summary>
public sealed record MetadataFieldResult(MetadataField Field, bool Passed, string Reason);

/// <summary>Checks that the fields the open-data portal requires are present and plausible, not placeholders.</summary>
public static class MetadataCompleteness
{
    /// <summary>Descriptions shorter than this say too little to find or judge a dataset.</summary>
    public const int MinDescriptionLength = 20;

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "-", "--", ".", "..", "...", "?", "0", "n/a", "na", "none", "null", "nil", "tbd", "todo", "test", "테스트", "temp", "tmp",
        "없음", "미정", "해당없음", "해당 없음", "기타", "미상", "모름", "x", "xx", "xxx", "asdf", "sample", "샘플", "제목", "제목없음", "untitled",
    };

    private static readonly string[] KnownCycles =
    [
        "실시간", "수시", "일간", "매일", "주간", "매주", "월간", "매월", "분기", "반기", "연간", "매년", "년", "월", "주", "일",
        "daily", "weekly", "monthly", "quarterly", "annual", "annually", "yearly", "irregular", "continuous", "hourly", "realtime", "real-time",
    ];

    /// <summary>A result per required field, in the order of <see cref="MetadataField"/>.</summary>
    public static IReadOnlyList<MetadataFieldResult> Check(DatasetMetadataInput metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var keywords = (metadata.Keywords ?? []).Where(k => !IsBlankOrPlaceholder(k)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return
        [
            Text(MetadataField.Title, metadata.Title, "title", t =>
                metadata.TableName is { } table && string.Equals(t.Trim(), table.Trim(), StringComparison.OrdinalIgnoreCase)
                    ? $"the title '{t}' is the table name; write what the data is about (such as 주차장 현황)"
                    : null),
            Text(MetadataField.Description, metadata.Description, "description", d =>
                d.Trim().Length < MinDescriptionLength
                    ? $"the description has {d.Trim().Length} characters, fewer than {MinDescriptionLength}; say what a row is, its coverage and its source"
                    : metadata.Title is { } title && string.Equals(d.Trim(), title.Trim(), StringComparison.OrdinalIgnoreCase)
                        ? "the description repeats the title; say what a row is, its coverage and its source"
                        : null),
            Text(MetadataField.Publisher, metadata.Publisher ?? metadata.Department, "publisher or department", _ => null),
            Text(MetadataField.UpdateCycle, metadata.UpdateCycle, "update cycle", c =>
                KnownCycles.Any(k => c.Contains(k, StringComparison.OrdinalIgnoreCase))
                    ? null
                    : $"'{c}' is not an update cycle; write one such as 실시간, 일간, 주간, 월간, 분기, 연간 or 수시"),
            Text(MetadataField.Licence, metadata.Licence, "licence", _ => null),
            keywords.Count > 0
                ? new MetadataFieldResult(MetadataField.Keywords, true, $"{keywords.Count} keyword(s)")
                : new MetadataFieldResult(MetadataField.Keywords, false, "no keywords; add a few words people would search for"),
            Text(MetadataField.Contact, metadata.ContactPoint, "contact", c =>
                // The portal asks for the managing department's phone number; a name alone reaches nobody.
                c.Any(char.IsDigit) || c.Contains('@', StringComparison.Ordinal)
                    ? null
                    : $"'{c}' is not a contact; give a department phone number or e-mail"),
        ];
    }

    private static MetadataFieldResult Text(MetadataField field, string? value, string what, Func<string, string?> implausible)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new MetadataFieldResult(field, false, $"no {what}; fill it in");
        }

        if (IsBlankOrPlaceholder(value))
        {
            return new MetadataFieldResult(field, false, $"the {what} '{value.Trim()}' is a placeholder; write the real {what}");
        }

        return implausible(value) is { } reason
            ? new MetadataFieldResult(field, false, reason)
            : new MetadataFieldResult(field, true, $"{what} present");
    }

    private static bool IsBlankOrPlaceholder(string? value) =>
        string.IsNullOrWhiteSpace(value) || Placeholders.Contains(value.Trim()) || value.Trim().All(c => !char.IsLetterOrDigit(c));
}
