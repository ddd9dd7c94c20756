namespace DataCatalog.Core.Rules;

/// <summary>Declared update cycles (업데이트 주기) in Korean or English, as the longest gap allowed between changes.</summary>
public static class UpdateCycle
{
    /// <summary>The allowed gap for <paramref name="declared"/>; <see cref="TimeSpan.MaxValue"/> for 수시 (as needed); null when not understood.</summary>
    public static TimeSpan? MaxAge(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return null;
        }

        var text = declared.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        // Half-yearly before yearly: "half-yearly" holds "yearly".
        (string[] Words, double Days)[] cycles =
        [
            (["실시간", "real-time", "realtime", "continuous"], 1),
            (["수시", "asneeded", "irregular", "as-needed"], double.PositiveInfinity),
            (["반기", "half-yearly", "semiannual", "semi-annual", "biannual"], 184),
            (["분기", "quarterly", "quarter"], 92),
            // Weekly before monthly before daily: "매주 월요일" is weekly, "매월 1일" monthly.
            (["매주", "주간", "주", "weekly", "week"], 7),
            (["매월", "월간", "월", "monthly", "month"], 31),
            (["매년", "연간", "년", "연", "yearly", "annual", "annually", "year"], 366),
            (["매일", "일간", "일", "daily", "day"], 1),
        ];
        foreach (var (words, days) in cycles)
        {
            if (words.Any(w => text.Contains(w, StringComparison.Ordinal)))
            {
                return double.IsPositiveInfinity(days) ? TimeSpan.MaxValue : TimeSpan.FromDays(days);
            }
        }

        return null;
    }
}
