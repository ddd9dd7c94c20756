using System.Diagnostics;
using System.Text.Json;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>What a re-scoring did and how long it took.</summary>
/// <param name="ProbeTime">Time spent in push-down SQL (row probes) within <paramref name="Elapsed"/>.</param>
public sealed record RescoreReport(int Sources, int Datasets, long RuleOutcomes, TimeSpan Elapsed, TimeSpan ProbeTime);

/// <summary>Stores rule-set files in the catalog (<c>rules apply</c>) and re-scores published datasets from their stored profiles.</summary>
public sealed class RuleSetCatalog(IDbContextFactory<CatalogDbContext> contexts, DatasetScoring scoring, TimeProvider clock, IOptions<HarvestOptions> options)
{
    /// <summary>Validates a file or folder of rule sets together with those already applied; changes nothing.</summary>
    public async Task<RuleSetLoadResult> ValidateAsync(string path, CancellationToken cancellationToken)
    {
        var loader = await RuleSetFileLoader.CreateAsync();
        return await ValidateAsync(loader, await loader.LoadPathAsync(path, cancellationToken), cancellationToken);
    }

    /// <summary>Validates rule-set texts (a name for the messages and the JSON each) exactly as files; changes nothing.</summary>
    public async Task<RuleSetLoadResult> ValidateAsync(IReadOnlyList<(string File, string Json)> texts, CancellationToken cancellationToken)
    {
        var loader = await RuleSetFileLoader.CreateAsync();
        return await ValidateAsync(loader, loader.Load(texts), cancellationToken);
    }

    private async Task<RuleSetLoadResult> ValidateAsync(RuleSetFileLoader loader, RuleSetLoadResult files, CancellationToken cancellationToken)
    {
        if (!files.Succeeded)
        {
            return files;
        }

        // A department's set may extend one applied earlier: resolve the new files over the stored ones.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.RuleSets.AsNoTracking().ToListAsync(cancellationToken);
        var replaced = files.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var texts = stored.Where(s => !replaced.Contains(s.Name)).Select(s => (s.File, s.Json)).Concat(files.Files.Select(f => (f.File, f.Json))).ToList();
        var combined = loader.Load(texts);
        return combined.Succeeded ? files with { RuleSets = combined.RuleSets } : combined;
    }

    /// <summary>Validates, stores (all files in one transaction) and re-scores every source; an invalid file changes nothing.</summary>
    public Task<(RuleSetLoadResult Result, RescoreReport? Rescore)> ApplyAsync(string path, CancellationToken cancellationToken) =>
        ApplyAsync(path, AuditActor.System, cancellationToken);

    /// <summary>As <see cref="ApplyAsync(string, CancellationToken)"/>; each rule set stored new or changed is an audit event of <paramref name="actor"/>.</summary>
    public async Task<(RuleSetLoadResult Result, RescoreReport? Rescore)> ApplyAsync(string path, AuditActor actor, CancellationToken cancellationToken) =>
        await StoreAndRescoreAsync(await ValidateAsync(path, cancellationToken), actor, cancellationToken);

    /// <summary>As <see cref="ApplyAsync(string, AuditActor, CancellationToken)"/> for rule-set texts (the GraphQL <c>applyRuleSet</c>).</summary>
    public async Task<(RuleSetLoadResult Result, RescoreReport? Rescore)> ApplyAsync(IReadOnlyList<(string File, string Json)> texts, AuditActor actor, CancellationToken cancellationToken) =>
        await StoreAndRescoreAsync(await ValidateAsync(texts, cancellationToken), actor, cancellationToken);

    private async Task<(RuleSetLoadResult Result, RescoreReport? Rescore)> StoreAndRescoreAsync(RuleSetLoadResult result, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
        {
            return (result, null);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var events = new List<AuditEntry>();
            foreach (var file in result.Files)
            {
                var row = await db.RuleSets.FindAsync([file.Name], cancellationToken);
                if (row is null)
                {
                    db.RuleSets.Add(new RuleSetRecord { Name = file.Name, File = file.File, Json = file.Json, Extends = file.Extends, AppliedAt = now });
                    events.Add(actor.Entry(now, "ruleset.create", "rule-set", file.Name, null, null, State(file.File, file.Extends, file.Json)));
                }
                else
                {
                    if (row.Json != file.Json || row.Extends != file.Extends)
                    {
                        events.Add(actor.Entry(now, "ruleset.update", "rule-set", file.Name, null, State(row.File, row.Extends, row.Json), State(file.File, file.Extends, file.Json)));
                    }

                    (row.File, row.Json, row.Extends, row.AppliedAt) = (file.File, file.Json, file.Extends, now);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var entry in events)
            {
                await AuditTrail.AppendAsync(db, entry, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (result, await RescoreAsync(null, cancellationToken));
    }

    /// <summary>A stored rule set as an audit event's before and after: the document itself, not its text.</summary>
    private static object State(string file, string? extends, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new { File = file, Extends = extends, Document = document.RootElement.Clone() };
    }

    /// <summary>Re-scores the active datasets of one source (or all) from their stored profiles, one recorded run per source.</summary>
    public async Task<RescoreReport> RescoreAsync(string? sourceId, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var probeBefore = scoring.ProbeTime;
        var rulesBefore = scoring.RulesEvaluated;
        List<string> sources;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            sources = await db.Sources.Where(s => sourceId == null || s.Id == sourceId)
                .Where(s => db.Datasets.Any(d => d.SourceId == s.Id && d.Status == DatasetStatus.Active))
                .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);
        }

        var datasets = 0;
        foreach (var id in sources)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The same lock as a harvest's publish: a re-score and a harvest of one source never interleave.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({id}, 0))", cancellationToken);
            var run = new HarvestRun { SourceId = id, Trigger = "rescore", Node = options.Value.NodeName, StartedAt = clock.GetUtcNow(), Status = HarvestStatus.Running };
            db.HarvestRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            var active = await db.Datasets.Include(d => d.Columns).Where(d => d.SourceId == id && d.Status == DatasetStatus.Active)
                .OrderBy(d => d.Id).ToListAsync(cancellationToken);
            await scoring.ScoreRunAsync(db, run, active, cancellationToken);
            run.DatasetsSeen = active.Count;
            run.Status = HarvestStatus.Succeeded;
            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            datasets += active.Count;
        }

        return new RescoreReport(sources.Count, datasets, scoring.RulesEvaluated - rulesBefore, watch.Elapsed, scoring.ProbeTime - probeBefore);
    }
}
