using DataCatalog.Core.Findings;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>A finding as listed for stewards.</summary>
public sealed record FindingRow(long Id, string Department, string SourceId, string Dataset, string? Column, string RuleId, string Severity, FindingStatus Status,
    long Examined, long Failing, string? Message, string? AssignedTo, DateTimeOffset? WaivedUntil, DateTimeOffset UpdatedAt);

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

    /// <summary>Applies a steward's action; returns the error (what is wrong and the fix) or null when done.</summary>
    /// <param name="until">For a waiver: the last day it holds (it expires at the end of that day, UTC).</param>
    public async Task<string?> ActAsync(long id, FindingAction action, string by, string? note, DateOnly? until, string? assignee, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(by))
        {
            return "Say who acts: --by <name>.";
        }

        if (action == FindingAction.Waive && (string.IsNullOrWhiteSpace(note) || until is null))
        {
            return "A waiver needs a reason and an expiry: findings waive <id> --reason \"…\" --until YYYY-MM-DD --by <name>.";
        }

        var expiry = until is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : (DateTimeOffset?)null;
        if (action == FindingAction.Waive && expiry <= now)
        {
            return $"The waiver would expire on {until:yyyy-MM-dd}, which has passed; give a later --until.";
        }

        if (action == FindingAction.Assign && string.IsNullOrWhiteSpace(assignee))
        {
            return "Say to whom: findings assign <id> --to <name> --by <name>.";
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var finding = await db.Findings.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (finding is null)
        {
            return $"No finding {id}; list them with: findings list";
        }

        var (next, error) = FindingLifecycle.Act(finding.Status, action);
        if (next is null)
        {
            return error;
        }

        if (action == FindingAction.Assign)
        {
            finding.AssignedTo = assignee;
        }

        DatasetScoring.Transition(db, finding, finding.Status, next.Value, now,
            action switch
            {
                FindingAction.Waive => $"waived until {until:yyyy-MM-dd}: {note}",
                FindingAction.Assign => $"assigned to {assignee}" + (note is null ? "" : $": {note}"),
                _ => note ?? action.ToString().ToLowerInvariant(),
            }, by);
        if (action == FindingAction.Waive)
        {
            (finding.WaiverReason, finding.WaivedBy, finding.WaivedUntil) = (note, by, expiry);
        }

        finding.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

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
