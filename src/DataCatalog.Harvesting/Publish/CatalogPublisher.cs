using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Profiling;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using SchemaChange = DataCatalog.Persistence.Model.SchemaChange;

namespace DataCatalog.Harvesting.Publish;

/// <summary>Writes one run's results in one transaction: readers see the previous catalog or the new one, never half.</summary>
public sealed class CatalogPublisher(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock, DatasetScoring scoring)
{
    /// <summary>Diffs, scores and publishes the datasets of <paramref name="runId"/>; returns the run as recorded.</summary>
    /// <param name="complete">False when the connector could not list the whole source (a failed page): nothing is withdrawn then.</param>
    public async Task<HarvestRun> PublishAsync(long runId, IReadOnlyList<ExtractedDataset> extracted, bool complete, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await db.HarvestRuns.SingleAsync(r => r.Id == runId, cancellationToken);

        // Two nodes (or a CLI run beside the server) publishing the same source wait for each other here.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({run.SourceId}, 0))", cancellationToken);

        var now = clock.GetUtcNow();
        var existing = await db.Datasets.Include(d => d.Columns).Where(d => d.SourceId == run.SourceId)
            .ToDictionaryAsync(d => d.QualifiedName, StringComparer.Ordinal, cancellationToken);

        var published = new List<Dataset>();
        foreach (var item in extracted)
        {
            if (item.Snapshot is null)
            {
                run.DatasetsFailed++;
                run.DatasetErrors.Add(new DatasetError(item.QualifiedName, item.Error ?? "failed without a message"));
                continue;
            }

            run.DatasetsSeen++;
            run.RowsRejected += item.RejectedRows;
            if (item.Warnings is { Count: > 0 } warnings)
            {
                run.Warnings.AddRange(warnings.Select(w => $"{item.QualifiedName}: {w}"));
            }

            existing.TryGetValue(item.QualifiedName, out var dataset);
            published.Add(PublishDataset(db, run, dataset, item.Snapshot, item.Profiles, now));
        }

        var seen = extracted.Select(e => e.QualifiedName).ToHashSet(StringComparer.Ordinal);
        if (complete)
        {
            foreach (var gone in existing.Values.Where(d => d.Status == DatasetStatus.Active && !seen.Contains(d.QualifiedName)))
            {
                gone.Status = DatasetStatus.Withdrawn;
                gone.WithdrawnAt = now;
                run.DatasetsWithdrawn++;
                db.SchemaChanges.Add(Change(gone.Id, run, new DatasetChange(ChangeKind.DatasetWithdrawn, Before: gone.QualifiedName), now));
            }
        }

        await scoring.ScoreRunAsync(db, run, published, cancellationToken);
        run.Status = run.DatasetsFailed > 0 || !complete ? HarvestStatus.Partial : HarvestStatus.Succeeded;
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    private static Dataset PublishDataset(CatalogDbContext db, HarvestRun run, Dataset? dataset, DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile> profiles, DateTimeOffset now)
    {
        var changes = new List<DatasetChange>();
        var fingerprint = SnapshotMapping.Fingerprint(snapshot);
        if (dataset is null)
        {
            dataset = new Dataset
            {
                SourceId = run.SourceId,
                QualifiedName = snapshot.QualifiedName,
                Fingerprint = "",
                FirstSeenRunId = run.Id,
                FirstSeenAt = now,
            };
            db.Datasets.Add(dataset);
            changes.AddRange(SnapshotDiff.Compare(null, snapshot));
            run.DatasetsAdded++;
        }
        else
        {
            if (dataset.Status == DatasetStatus.Withdrawn)
            {
                changes.Add(new DatasetChange(ChangeKind.DatasetRestored, After: dataset.QualifiedName));
                dataset.Status = DatasetStatus.Active;
                dataset.WithdrawnAt = null;
            }

            if (dataset.Fingerprint != fingerprint)
            {
                var previousProfiles = dataset.Columns.Where(c => c.Profile is not null).ToDictionary(c => c.Name, c => c.Profile!, StringComparer.Ordinal);
                var currentProfiles = profiles.ToDictionary(p => p.Column, StringComparer.Ordinal);
                changes.AddRange(SnapshotDiff.Compare(SnapshotMapping.ToSnapshot(dataset), snapshot, previousProfiles, currentProfiles));
            }

            if (changes.Count > 0)
            {
                run.DatasetsChanged++;
            }
        }

        SnapshotMapping.Apply(dataset, snapshot, fingerprint);
        dataset.LastSeenRunId = run.Id;
        dataset.LastSeenAt = now;
        ReplaceColumns(db, dataset, snapshot, profiles);

        foreach (var change in changes)
        {
            db.SchemaChanges.Add(Change(dataset, run, change, now));
        }

        return dataset;
    }

    private static void ReplaceColumns(CatalogDbContext db, Dataset dataset, DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile> profiles)
    {
        var byName = profiles.ToDictionary(p => p.Column, StringComparer.Ordinal);
        var current = dataset.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var stale in dataset.Columns.Where(c => !snapshot.Columns.Any(s => s.Name == c.Name)).ToList())
        {
            dataset.Columns.Remove(stale);
            db.Columns.Remove(stale);
        }

        foreach (var column in snapshot.Columns)
        {
            if (!current.TryGetValue(column.Name, out var row))
            {
                row = new Column { Name = column.Name, DataType = column.DataType };
                dataset.Columns.Add(row);
            }

            var profile = byName.GetValueOrDefault(column.Name);
            row.Ordinal = column.Ordinal;
            row.DataType = column.DataType;
            row.IsNullable = column.IsNullable;
            row.IsPrimaryKey = column.IsPrimaryKey;
            row.Description = column.Description;
            row.DefaultValue = column.DefaultValue;
            row.References = column.References;
            row.Profile = profile;
            row.PiiClass = profile?.Pii ?? Core.Privacy.PiiClass.None;
        }
    }

    private static SchemaChange Change(long datasetId, HarvestRun run, DatasetChange change, DateTimeOffset now) => new()
    {
        DatasetId = datasetId,
        HarvestRunId = run.Id,
        Kind = change.Kind,
        ColumnName = change.Column,
        Before = change.Before,
        After = change.After,
        DetectedAt = now,
    };

    private static SchemaChange Change(Dataset dataset, HarvestRun run, DatasetChange change, DateTimeOffset now)
    {
        var row = Change(dataset.Id, run, change, now);
        row.Dataset = dataset;
        return row;
    }
}
