using System.Globalization;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Profiling;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Bulk;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchemaChange = DataCatalog.Persistence.Model.SchemaChange;

namespace DataCatalog.Harvesting.Publish;

/// <summary>Writes one run's results in one transaction: readers see the previous catalog or the new one, never half.</summary>
/// <remarks>Datasets stream in from the connector and are saved in batches inside that transaction, the change
/// tracker cleared after each, so memory is bounded by a batch rather than by the source. Each batch is saved
/// under a savepoint; when it fails, its datasets are saved one by one to find the one PostgreSQL refuses, which
/// fails alone with its name and the fix while the others publish.</remarks>
public sealed class CatalogPublisher(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock, DatasetScoring scoring)
{
    /// <summary>Datasets saved per round of the change tracker.</summary>
    public const int BatchSize = 100;

    private const int MaxNameInMessage = 120;

    /// <summary>The change token of every published dataset of <paramref name="sourceId"/> that has one.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ChangeTokensAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().Where(d => d.SourceId == sourceId && d.ChangeToken != null)
            .ToDictionaryAsync(d => d.QualifiedName, d => d.ChangeToken!, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Diffs, scores and publishes the datasets of <paramref name="runId"/> as they arrive; returns the run as recorded.</summary>
    /// <param name="listingFailed">True for an item that means the connector could not list the whole source (a failed
    /// page): nothing is withdrawn then.</param>
    /// <param name="settings">The source's limits on what one run may do.</param>
    public async Task<HarvestRun> PublishAsync(
        long runId, IAsyncEnumerable<ExtractedDataset> extracted, Func<ExtractedDataset, bool> listingFailed, PublishSettings settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sourceId = await db.HarvestRuns.Where(r => r.Id == runId).Select(r => r.SourceId).SingleAsync(cancellationToken);

        // Two nodes (or a CLI run beside the server) publishing the same source wait for each other here.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({sourceId}, 0))", cancellationToken);

        var context = new RunContext(runId, sourceId, clock.GetUtcNow());
        var published = await db.Datasets.AsNoTracking().Where(d => d.SourceId == sourceId)
            .Select(d => new PublishedDataset(d.Id, d.QualifiedName, d.Status, d.Fingerprint))
            .ToDictionaryAsync(d => d.QualifiedName, StringComparer.Ordinal, cancellationToken);
        var tally = new RunTally();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var complete = true;
        var batch = new List<ExtractedDataset>(BatchSize);

        await foreach (var raw in HarvestStages.Timed(extracted, "extract (connector)").WithCancellation(cancellationToken))
        {
            if (raw.IsNotice)
            {
                complete &= !listingFailed(raw);
                tally.Warnings.AddRange((raw.Warnings ?? []).Select(w => RecordedText.Redact(CatalogText.Clean(w))));
                continue;
            }

            var item = CatalogText.Clean(raw);
            if (item.Snapshot is null)
            {
                complete &= !listingFailed(raw);
                seen.Add(item.QualifiedName);
                tally.Errors.Add(new DatasetError(item.QualifiedName, RecordedText.Redact(item.Error ?? "failed without a message")));
                continue;
            }

            if (!seen.Add(item.QualifiedName))
            {
                tally.Warnings.Add($"{item.QualifiedName}: listed more than once by the source; the first listing was published.");
                continue;
            }

            batch.Add(item);
            if (batch.Count >= BatchSize)
            {
                await SaveBatchAsync(db, context, published, batch, tally, cancellationToken);
                batch.Clear();
            }
        }

        await SaveBatchAsync(db, context, published, batch, tally, cancellationToken);

        var withdrawalHeld = false;
        if (complete)
        {
            var active = published.Values.Count(d => d.Status == DatasetStatus.Active);
            var gone = published.Values.Where(d => d.Status == DatasetStatus.Active && !seen.Contains(d.QualifiedName)).ToList();
            if (gone.Count > 0 && gone.Count > settings.MaxWithdrawShare * active)
            {
                // A source that suddenly lists far fewer datasets is more often broken (an empty answer, a revoked
                // grant, a wrong folder) than emptied; withdrawing would hide every dataset from the catalog's readers.
                withdrawalHeld = true;
                tally.Warnings.Insert(0, string.Format(CultureInfo.InvariantCulture,
                    "Source '{0}': this run would withdraw {1} of its {2} published datasets ({3:0.#} %), more than 'maxWithdrawShare' allows ({4:0.#} %); " +
                    "nothing was withdrawn. If they are really gone, raise 'maxWithdrawShare' in the source's options (\"1\" allows all) and harvest again.",
                    sourceId, gone.Count, active, 100d * gone.Count / active, 100d * settings.MaxWithdrawShare));
            }
            else
            {
                foreach (var dataset in gone)
                {
                    db.SchemaChanges.Add(Change(dataset.Id, context, new DatasetChange(ChangeKind.DatasetWithdrawn, Before: dataset.QualifiedName)));
                }

                var ids = gone.Select(d => d.Id).ToList();
                await db.Datasets.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DatasetStatus.Withdrawn)
                    .SetProperty(d => d.WithdrawnAt, context.Now), cancellationToken);
                tally.Withdrawn = gone.Count;
            }
        }

        if (tally.Scored > 0 || tally.Withdrawn > 0)
        {
            using var rollup = HarvestStages.Measure("scoring: roll-ups");
            await scoring.RollupAsync(db, cancellationToken);
        }

        var run = await db.HarvestRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        run.DatasetsSeen += tally.Seen;
        run.DatasetsAdded += tally.Added;
        run.DatasetsChanged += tally.Changed;
        run.DatasetsWithdrawn += tally.Withdrawn;
        run.DatasetsFailed += tally.Errors.Count;
        run.RowsRejected += tally.RowsRejected;
        run.DatasetErrors.AddRange(tally.Errors);
        run.Warnings.AddRange(tally.Warnings.Select(RecordedText.Redact));
        run.Status = tally.Errors.Count > 0 || !complete || withdrawalHeld ? HarvestStatus.Partial : HarvestStatus.Succeeded;
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>Saves a batch under a savepoint; when PostgreSQL refuses it, saves its datasets one by one so the one
    /// at fault fails alone.</summary>
    private async Task SaveBatchAsync(
        CatalogDbContext db, RunContext run, Dictionary<string, PublishedDataset> published, List<ExtractedDataset> batch, RunTally tally, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync("batch", cancellationToken);
        try
        {
            var outcomes = await ApplyAsync(db, run, published, batch, tally, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.ReleaseSavepointAsync("batch", cancellationToken);
            tally.Count(outcomes);
        }
        catch (Exception ex) when (IsRefusedByDatabase(ex))
        {
            await transaction.RollbackToSavepointAsync("batch", cancellationToken);
            db.ChangeTracker.Clear();
            foreach (var item in batch)
            {
                await transaction.CreateSavepointAsync("dataset", cancellationToken);
                try
                {
                    var outcomes = await ApplyAsync(db, run, published, [item], tally, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.ReleaseSavepointAsync("dataset", cancellationToken);
                    tally.Count(outcomes);
                }
                catch (Exception single) when (IsRefusedByDatabase(single))
                {
                    await transaction.RollbackToSavepointAsync("dataset", cancellationToken);
                    tally.Errors.Add(new DatasetError(item.QualifiedName, DescribeSaveFailure(run.SourceId, item.QualifiedName, single)));
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static bool IsRefusedByDatabase(Exception ex) => ex is DbUpdateException or PostgresException or InvalidCastException or ArgumentException;

    /// <summary>A sentence naming the dataset, what PostgreSQL refused and what to do, instead of EF's generic message.</summary>
    internal static string DescribeSaveFailure(string sourceId, string dataset, Exception ex)
    {
        var postgres = ex as PostgresException ?? ex.InnerException as PostgresException ?? ex.GetBaseException() as PostgresException;
        var fix = postgres?.SqlState switch
        {
            PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire =>
                "it holds text PostgreSQL cannot store; check the dataset for binary content (a binary file named as text) and fix or remove it",
            PostgresErrorCodes.UniqueViolation => "the source lists it twice under the same name; rename one of them in the source",
            PostgresErrorCodes.StringDataRightTruncation or PostgresErrorCodes.ProgramLimitExceeded =>
                "a name or value is longer than the catalog can index; shorten it in the source",
            _ => $"report it with run's source '{sourceId}' to the catalog's operators",
        };
        var reason = postgres is null
            ? ex.GetBaseException().Message
            : $"PostgreSQL refused it ({postgres.SqlState}: {postgres.MessageText})";
        // A name long enough to be refused would otherwise fill the run's history on its own.
        var name = dataset.Length > MaxNameInMessage ? dataset[..MaxNameInMessage] + "…" : dataset;
        return RecordedText.Redact($"Dataset '{name}' of source '{sourceId}' could not be saved: {reason}. Its previously published state is kept; {fix}.");
    }

    /// <summary>Stages the batch's changes in the change tracker; returns what each dataset was (new, changed, unchanged).</summary>
    private async Task<List<(ExtractedDataset Item, Outcome Outcome)>> ApplyAsync(
        CatalogDbContext db, RunContext run, Dictionary<string, PublishedDataset> published, IReadOnlyList<ExtractedDataset> batch, RunTally tally, CancellationToken cancellationToken)
    {
        var staging = HarvestStages.Measure("publish: diff and stage");
        var toScore = new List<Dataset>();
        var newRows = BulkCopy.CanCopy(db) ? new NewDatasetRows() : null;
        var outcomes = new List<(ExtractedDataset, Outcome)>(batch.Count);
        var untouched = new List<long>();
        var toLoad = new List<string>();
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            var fingerprint = SnapshotMapping.Fingerprint(item.Snapshot!);
            fingerprints[item.QualifiedName] = fingerprint;
            if (item.ProfilesReused && published.TryGetValue(item.QualifiedName, out var known)
                && known.Status == DatasetStatus.Active && known.Fingerprint == fingerprint)
            {
                // Same structure, same metadata, same data: only "seen in this run" is new.
                untouched.Add(known.Id);
                outcomes.Add((item, Outcome.Unchanged));
            }
            else if (published.ContainsKey(item.QualifiedName))
            {
                toLoad.Add(item.QualifiedName);
            }
        }

        var loaded = toLoad.Count == 0
            ? new Dictionary<string, Dataset>(StringComparer.Ordinal)
            : await db.Datasets.Include(d => d.Columns).Where(d => d.SourceId == run.SourceId && toLoad.Contains(d.QualifiedName))
                .ToDictionaryAsync(d => d.QualifiedName, StringComparer.Ordinal, cancellationToken);
        foreach (var item in batch)
        {
            if (outcomes.Any(o => ReferenceEquals(o.Item1, item)))
            {
                continue;
            }

            loaded.TryGetValue(item.QualifiedName, out var dataset);
            if (item.ProfilesReused && dataset is null)
            {
                throw new ArgumentException($"Dataset '{item.QualifiedName}' came without a profile but has none published; harvest the source again.");
            }

            outcomes.Add((item, PublishDataset(db, run, dataset, item, fingerprints[item.QualifiedName], toScore, newRows)));
        }

        staging.Dispose();
        if (untouched.Count > 0)
        {
            await db.Datasets.Where(d => untouched.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LastSeenRunId, run.Id)
                .SetProperty(d => d.LastSeenAt, run.Now), cancellationToken);
        }

        // Scored once saved, so findings and grades key on the datasets' ids; profiles reused from the last harvest keep
        // their last results.
        using (HarvestStages.Measure("publish: save datasets"))
        {
            await db.SaveChangesAsync(cancellationToken);
            if (newRows is not null)
            {
                await newRows.CopyAsync(db, cancellationToken);
            }
        }

        await scoring.ScoreDatasetsAsync(db, tally.Scoring ??= new ScoringRun(run.Id, run.SourceId, tally.Warnings), toScore,
            d => newRows?.ColumnsOf(d) ?? d.Columns, cancellationToken);
        tally.Scored += toScore.Count;
        return outcomes;
    }

    /// <param name="newRows">Where a new dataset's columns and changes go to be copied in; null tracks them.</param>
    private static Outcome PublishDataset(
        CatalogDbContext db, RunContext run, Dataset? dataset, ExtractedDataset item, string fingerprint, List<Dataset> toScore,
        NewDatasetRows? newRows)
    {
        NewDatasetRows.Rows? copied = null;
        var snapshot = item.Snapshot!;
        var changes = new List<DatasetChange>();
        var outcome = Outcome.Unchanged;
        // Reused profiles are the published ones; the diff then sees no profile change, and nothing is scored again.
        var profiles = item.ProfilesReused && dataset is not null
            ? dataset.Columns.Where(c => c.Profile is not null).Select(c => c.Profile!).ToList()
            : item.Profiles;
        if (dataset is null)
        {
            dataset = new Dataset
            {
                SourceId = run.SourceId,
                QualifiedName = snapshot.QualifiedName,
                Fingerprint = "",
                FirstSeenRunId = run.Id,
                FirstSeenAt = run.Now,
            };
            db.Datasets.Add(dataset);
            copied = newRows?.Add(dataset);

            changes.AddRange(SnapshotDiff.Compare(null, snapshot));
            outcome = Outcome.Added;
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
                outcome = Outcome.Changed;
            }
        }

        var rowCount = item.ProfilesReused ? dataset.RowCount : snapshot.RowCount;
        SnapshotMapping.Apply(dataset, snapshot with { RowCount = rowCount }, fingerprint);
        dataset.ChangeToken = item.ChangeToken;
        dataset.LastSeenRunId = run.Id;
        dataset.LastSeenAt = run.Now;
        ReplaceColumns(db, dataset, copied?.Columns ?? dataset.Columns, snapshot, item.ProfilesReused ? null : profiles);
        foreach (var change in changes)
        {
            if (copied is not null)
            {
                copied.Changes.Add(Change(0, run, change));
            }
            else
            {
                db.SchemaChanges.Add(Change(dataset, run, change));
            }
        }

        if (!item.ProfilesReused)
        {
            toScore.Add(dataset);
        }

        return outcome;
    }


    /// <param name="profiles">The new profiles; null keeps each column's published profile.</param>
    /// <param name="target">The dataset's tracked columns, or the list of a new dataset's columns to be copied in.</param>
    private static void ReplaceColumns(CatalogDbContext db, Dataset dataset, ICollection<Column> target, DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile>? profiles)
    {
        var byName = profiles?.ToDictionary(p => p.Column, StringComparer.Ordinal);
        var current = target.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var names = snapshot.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in target.Where(c => !names.Contains(c.Name)).ToList())
        {
            target.Remove(stale);
            db.Columns.Remove(stale);
        }

        foreach (var column in snapshot.Columns)
        {
            if (!current.TryGetValue(column.Name, out var row))
            {
                row = new Column { Name = column.Name, DataType = column.DataType };
                target.Add(row);
            }

            row.Ordinal = column.Ordinal;
            row.DataType = column.DataType;
            row.IsNullable = column.IsNullable;
            row.IsPrimaryKey = column.IsPrimaryKey;
            row.Description = column.Description;
            row.DefaultValue = column.DefaultValue;
            row.References = column.References;
            if (byName is not null)
            {
                var profile = byName.GetValueOrDefault(column.Name);
                row.Profile = profile;
                row.PiiClass = profile?.Pii ?? Core.Privacy.PiiClass.None;
            }
        }
    }

    private static SchemaChange Change(long datasetId, RunContext run, DatasetChange change) => new()
    {
        DatasetId = datasetId,
        HarvestRunId = run.Id,
        Kind = change.Kind,
        ColumnName = change.Column,
        Before = change.Before,
        After = change.After,
        DetectedAt = run.Now,
    };

    private static SchemaChange Change(Dataset dataset, RunContext run, DatasetChange change)
    {
        var row = Change(dataset.Id, run, change);
        row.Dataset = dataset;
        return row;
    }

    /// <summary>New datasets' columns and recorded changes, copied in once the datasets have their ids, never tracked:
    /// tracking them cost a snapshot and a comparison of every profile's JSON at each save, which was most of a cold
    /// harvest's time.</summary>
    private sealed class NewDatasetRows
    {
        private readonly Dictionary<Dataset, Rows> _rows = new(ReferenceEqualityComparer.Instance);

        public sealed record Rows(List<Column> Columns, List<SchemaChange> Changes);

        public Rows Add(Dataset dataset) => _rows[dataset] = new Rows([], []);

        /// <summary>The columns to be copied in for <paramref name="dataset"/>; null when it is not new.</summary>
        public List<Column>? ColumnsOf(Dataset dataset) => _rows.TryGetValue(dataset, out var rows) ? rows.Columns : null;

        public async Task CopyAsync(CatalogDbContext db, CancellationToken cancellationToken)
        {
            foreach (var (dataset, rows) in _rows)
            {
                rows.Columns.ForEach(c => c.DatasetId = dataset.Id);
                rows.Changes.ForEach(c => c.DatasetId = dataset.Id);
            }

            await BulkCopy.CopyAsync(db, _rows.Values.SelectMany(r => r.Columns).ToList(), cancellationToken);
            await BulkCopy.CopyAsync(db, _rows.Values.SelectMany(r => r.Changes).ToList(), cancellationToken);
        }
    }

    private enum Outcome
    {
        Unchanged,
        Added,
        Changed,
    }

    /// <summary>The run being published, as every dataset's rows refer to it.</summary>
    private sealed record RunContext(long Id, string SourceId, DateTimeOffset Now);

    /// <summary>What the catalog held for the source before this run: enough to tell an unchanged dataset without loading it.</summary>
    private sealed record PublishedDataset(long Id, string QualifiedName, DatasetStatus Status, string Fingerprint);

    /// <summary>Counts kept apart from the run row and added only once a batch is saved, so a rolled-back batch counts nothing.</summary>
    private sealed class RunTally
    {
        public int Seen { get; private set; }
        public int Added { get; private set; }
        public int Changed { get; private set; }
        public int Withdrawn { get; set; }
        public int Scored { get; set; }
        /// <summary>What scoring reads once per run (source, rule sets, other datasets' profiles), shared by its batches.</summary>
        public ScoringRun? Scoring { get; set; }
        public long RowsRejected { get; private set; }
        public List<DatasetError> Errors { get; } = [];
        public List<string> Warnings { get; } = [];

        public void Count(IEnumerable<(ExtractedDataset Item, Outcome Outcome)> outcomes)
        {
            foreach (var (item, outcome) in outcomes)
            {
                Seen++;
                Added += outcome == Outcome.Added ? 1 : 0;
                Changed += outcome == Outcome.Changed ? 1 : 0;
                RowsRejected += item.RejectedRows;
                if (item.Warnings is { Count: > 0 } warnings)
                {
                    Warnings.AddRange(warnings.Select(w => $"{item.QualifiedName}: {w}"));
                }
            }
        }
    }
}

/// <summary>What one run may do to a source's published datasets.</summary>
/// <param name="MaxWithdrawShare">Largest share (0..1) of the source's active datasets one run may withdraw; a run that
/// would withdraw more withdraws nothing and ends partial.</param>
public sealed record PublishSettings(double MaxWithdrawShare = PublishSettings.DefaultMaxWithdrawShare)
{
    public const double DefaultMaxWithdrawShare = 0.5;

    /// <summary>Reads the source's <c>maxWithdrawShare</c> option: a fraction (<c>0.5</c>) or a percentage (<c>50%</c>).</summary>
    public static PublishSettings From(Core.Sources.SourceDefinition source)
    {
        var text = source.Option("maxWithdrawShare")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new PublishSettings();
        }

        var percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && (percent ? value / 100 : value) is var share and >= 0 and <= 1)
        {
            return new PublishSettings(share);
        }

        throw new ArgumentException($"Source '{source.Id}': option 'maxWithdrawShare' must be a share between 0 and 1 (\"0.5\") or a percentage (\"50%\"), not '{text}'.");
    }
}
