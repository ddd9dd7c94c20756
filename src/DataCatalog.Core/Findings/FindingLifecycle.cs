namespace DataCatalog.Core.Findings;

/// <summary>States of a finding: a failed rule on a dataset (and column) that stewards follow up.</summary>
public enum FindingStatus
{
    Open,
    Acknowledged,
    Assigned,
    /// <summary>Closed by itself when its rule passed again.</summary>
    Resolved,
    /// <summary>Accepted for a reason until an expiry; re-opens when the waiver expires and the rule still fails.</summary>
    Waived,
}

/// <summary>What a steward may do to a finding.</summary>
public enum FindingAction
{
    Acknowledge,
    Assign,
    Waive,
    Reopen,
    /// <summary>Closed by a steward; the next scoring re-opens it if its rule still fails.</summary>
    Resolve,
}

/// <summary>The automatic and the stewards' transitions of a finding. Pure: the time is an argument.</summary>
public static class FindingLifecycle
{
    /// <summary>Where a finding goes when its rule is evaluated; null means "no finding" (a passing rule never opens one).</summary>
    /// <param name="current">The finding's status, or null when the rule has no finding on this target.</param>
    /// <param name="waivedUntil">The waiver's expiry when the finding is waived.</param>
    public static FindingStatus? OnOutcome(FindingStatus? current, DateTimeOffset? waivedUntil, bool passed, DateTimeOffset now) => current switch
    {
        null => passed ? null : FindingStatus.Open,
        FindingStatus.Resolved => passed ? FindingStatus.Resolved : FindingStatus.Open,
        FindingStatus.Waived when passed => FindingStatus.Resolved,
        FindingStatus.Waived => IsExpired(waivedUntil, now) ? FindingStatus.Open : FindingStatus.Waived,
        _ => passed ? FindingStatus.Resolved : current,
    };

    /// <summary>The periodic check: a waiver past its expiry re-opens its finding; anything else stays.</summary>
    public static FindingStatus OnClock(FindingStatus current, DateTimeOffset? waivedUntil, DateTimeOffset now) =>
        current == FindingStatus.Waived && IsExpired(waivedUntil, now) ? FindingStatus.Open : current;

    /// <summary>A steward's action, or an error message naming why it is refused and what to do instead.</summary>
    public static (FindingStatus? Next, string? Error) Act(FindingStatus current, FindingAction action) => (action, current) switch
    {
        (FindingAction.Acknowledge, FindingStatus.Open) => (FindingStatus.Acknowledged, null),
        (FindingAction.Assign, FindingStatus.Open or FindingStatus.Acknowledged or FindingStatus.Assigned) => (FindingStatus.Assigned, null),
        (FindingAction.Waive, not FindingStatus.Resolved) => (FindingStatus.Waived, null),
        (FindingAction.Reopen, not FindingStatus.Open) => (FindingStatus.Open, null),
        (FindingAction.Resolve, not FindingStatus.Resolved) => (FindingStatus.Resolved, null),
        _ => (null, $"A finding that is {current.ToString().ToLowerInvariant()} cannot be {Past(action)}; "
                    + (current == FindingStatus.Resolved ? "its rule passes now; reopen it first if it still matters." : "list it with 'findings list' to see its status.")),
    };

    /// <summary>A waiver is valid through <paramref name="waivedUntil"/> and expired after it; no expiry counts as expired.</summary>
    public static bool IsExpired(DateTimeOffset? waivedUntil, DateTimeOffset now) => waivedUntil is null || now > waivedUntil.Value;

    private static string Past(FindingAction action) => action switch
    {
        FindingAction.Acknowledge => "acknowledged",
        FindingAction.Assign => "assigned",
        FindingAction.Waive => "waived",
        FindingAction.Resolve => "resolved",
        _ => "reopened",
    };
}
