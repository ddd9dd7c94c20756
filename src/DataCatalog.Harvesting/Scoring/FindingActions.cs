using System.Globalization;
using DataCatalog.Core.Findings;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>A finding as listed for stewards.</summary>
public sealed record FindingRow(long Id, string Department, string SourceId, string Dataset, string? Column, string RuleId, string Severity, FindingStatus Status,
    long Examined, long Failing, string? Message, string? AssignedTo, DateTimeOffset? WaivedUntil, DateTimeOffset UpdatedAt);

/// <summary>A steward's action on a finding: a waiver needs <paramref name="Note"/> (its reason) and an expiry, an assignment an assignee.</summary>
public sealed record FindingRequest(FindingAction Action, string? Note, DateTimeOffset? WaiverExpiry = null, string? Assignee = null);

/// <summary>How acting on a finding ended.</summary>
public enum FindingActStatus
{
    Done,
    NotFound,
    Forbidden,
    Invalid,
}

/// <summary>How acting on a finding ended: the error (what is wrong and the fix) unless done, and whether anything changed.</summary>
public sealed record FindingActOutcome(FindingActStatus Status, string? Error, bool Changed)
{
    public static FindingActOutcome Invalid(string? error) => new(FindingActStatus.Invalid, error, false);
}

/// <summary>A finding's steward-facing state, as an audit event's before and after.</summary>
public sealed record FindingState(string Status, string? AssignedTo, string? WaiverReason, string? WaivedBy, DateTimeOffset? WaivedUntil, string? Note = null)
{
    public static FindingState Of(Finding finding) =>
        new(finding.Status.ToString().ToLowerInvariant(), finding.AssignedTo, finding.WaiverReason, finding.WaivedBy, finding.WaivedUntil);
}

/// <summary>Stewards' actions on findings and the periodic re-opening of expired waivers; every transition is kept as an event.</summary>
public sealed class FindingActions(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<FindingRow>> ListAsync(string? department, string? dataset, FindingStatus? status, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Findings.AsNoTracking().Where(f => f.Dataset!.Status == DatasetStatus.Active);
        if (department is not null)
        {
            query = query.Where(f => f.Dataset!.Source!.Department!.Code == department);
        }

        if (dataset is not null)
        {
            query = query.Where(f => f.Dataset!.QualifiedName == dataset);
        }

        if (status is { } wanted)
        {
            query = query.Where(f => f.Status == wanted);
        }

        return await query.OrderBy(f => f.Dataset!.Source!.Department!.Code).ThenBy(f => f.Dataset!.QualifiedName).ThenBy(f => f.Id)
            .Select(f => new FindingRow(f.Id, f.Dataset!.Source!.Department!.Code, f.Dataset.SourceId, f.Dataset.QualifiedName, f.ColumnName, f.RuleId,
                f.Severity.ToString(), f.Status, f.Examined, f.Failing, f.Message, f.AssignedTo, f.WaivedUntil, f.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The longest a waiver may run from the moment it is granted (rule sets carry no maximum of their own yet).</summary>
    public static readonly TimeSpan MaxWaiver = TimeSpan.FromDays(366);

    /// <summary>Applies a steward's action from the command line; returns the error (what is wrong and the fix) or null when done.</summary>
    /// <param name="until">For a waiver: the last day it holds (it expires at the end of that day, UTC).</param>
    public async Task<string?> ActAsync(long id, FindingAction action, string by, string? note, DateOnly? until, string? assignee, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            return "Say who acts: --by <name>.";
        }

        if (action == FindingAction.Waive && (string.IsNullOrWhiteSpace(note) || until is null))
        {
            return "A waiver needs a reason and an expiry: findings waive <id> --reason \"…\" --until YYYY-MM-DD --by <name>.";
        }

        var expiry = until is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : (DateTimeOffset?)null;
        if (action == FindingAction.Waive && expiry <= clock.GetUtcNow())
        {
            return $"The waiver would expire on {until:yyyy-MM-dd}, which has passed; give a later --until.";
        }

        if (action == FindingAction.Assign && string.IsNullOrWhiteSpace(assignee))
        {
            return "Say to whom: findings assign <id> --to <name> --by <name>.";
        }

        var outcome = await ActAsync(id, new FindingRequest(action, note, expiry, assignee), AuditActor.CommandLine(by), null, cancellationToken);
        return outcome.Error;
    }

    /// <summary>Applies <paramref name="request"/> to finding <paramref name="id"/> and appends its audit event in the same
    /// transaction. A request that changes nothing (waiving again with the same reason and expiry) succeeds without an event.</summary>
    /// <param name="mayActOn">Whether the actor may act on findings of a department (by code); null for anyone.</param>
    public async Task<FindingActOutcome> ActAsync(long id, FindingRequest request, AuditActor actor, Func<string, bool>? mayActOn, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (action, note, expiry, assignee) = (request.Action, request.Note, request.WaiverExpiry, request.Assignee);
        if (action == FindingAction.Waive && (string.IsNullOrWhiteSpace(note) || expiry is null))
        {
            return FindingActOutcome.Invalid("A waiver needs a reason (not empty) and an expiry.");
        }

        if (action == FindingAction.Waive && expiry <= now)
        {
            return FindingActOutcome.Invalid($"The waiver would expire at {expiry:yyyy-MM-dd HH:mm:ss}Z, which has passed; give a later expiry.");
        }

        if (action == FindingAction.Waive && expiry > now + MaxWaiver)
        {
            return FindingActOutcome.Invalid($"A waiver may run at most {MaxWaiver.TotalDays:0} days, until {now + MaxWaiver:yyyy-MM-dd}; give an earlier expiry.");
        }

        if (action == FindingAction.Assign && string.IsNullOrWhiteSpace(assignee))
        {
            return FindingActOutcome.Invalid("Say to whom the finding is assigned (assignee).");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Findings.Where(f => f.Id == id).Select(f => new { Finding = f, Department = f.Dataset!.Source!.Department!.Code })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return new FindingActOutcome(FindingActStatus.NotFound, $"No finding {id}; list them with: findings list", false);
        }

        var (finding, department) = (found.Finding, found.Department);
        if (mayActOn is not null && !mayActOn(department))
        {
            return new FindingActOutcome(FindingActStatus.Forbidden, $"Finding {id} belongs to department '{department}', which you do not steward.", false);
        }

        var before = FindingState.Of(finding);
        if (AlreadyDone(finding, request))
        {
            return new FindingActOutcome(FindingActStatus.Done, null, false);
        }

        var (next, error) = FindingLifecycle.Act(finding.Status, action);
        if (next is null)
        {
            return FindingActOutcome.Invalid(error);
        }

        if (action == FindingAction.Assign)
        {
            finding.AssignedTo = assignee;
        }

        DatasetScoring.Transition(db, finding, finding.Status, next.Value, now,
            action switch
            {
                FindingAction.Waive => $"waived until {expiry:yyyy-MM-dd}: {note}",
                FindingAction.Assign => $"assigned to {assignee}" + (note is null ? "" : $": {note}"),
                _ => note ?? action.ToString().ToLowerInvariant(),
            }, actor.Name);
        if (action == FindingAction.Waive)
        {
            (finding.WaiverReason, finding.WaivedBy, finding.WaivedUntil) = (note, actor.Name, expiry);
        }

        finding.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await AuditTrail.AppendAsync(db, actor.Entry(now, "finding." + action.ToString().ToLowerInvariant(), "finding", id.ToString(CultureInfo.InvariantCulture),
            department, before, FindingState.Of(finding) with { Note = note }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FindingActOutcome(FindingActStatus.Done, null, true);
    }

    private static bool AlreadyDone(Finding finding, FindingRequest request) => (request.Action, finding.Status) switch
    {
        (FindingAction.Acknowledge, FindingStatus.Acknowledged) => true,
        (FindingAction.Assign, FindingStatus.Assigned) => finding.AssignedTo == request.Assignee,
        (FindingAction.Waive, FindingStatus.Waived) => finding.WaiverReason == request.Note && finding.WaivedUntil == request.WaiverExpiry,
        (FindingAction.Reopen, FindingStatus.Open) => true,
        (FindingAction.Resolve, FindingStatus.Resolved) => true,
        _ => false,
    };

    /// <summary>Re-opens every waived finding whose waiver has expired; returns how many.</summary>
    public async Task<int> ExpireWaiversAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expired = await db.Findings.Where(f => f.Status == FindingStatus.Waived && (f.WaivedUntil == null || f.WaivedUntil < now)).ToListAsync(cancellationToken);
        foreach (var finding in expired)
        {
            var until = finding.WaivedUntil;
            DatasetScoring.Transition(db, finding, FindingStatus.Waived, FindingLifecycle.OnClock(finding.Status, until, now), now,
                $"the waiver expired on {until:yyyy-MM-dd}");
            finding.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }
}
