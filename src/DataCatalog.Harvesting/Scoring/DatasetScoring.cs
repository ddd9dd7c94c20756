using System.Diagnostics;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Publish;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Bulk;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>Scores published datasets against their source's rule set: rule results, dimension and overall scores,
/// findings, grades, and the source, department and city roll-ups. Used by the harvest (one call per run) and by
/// re-scoring after a rule-set change (from stored profiles, no harvest).</summary>
/// <remarks>The standard dictionary checker is optional: without one, the standardization name and domain rules are
/// recorded as skipped with that reason.</remarks>
public sealed class DatasetScoring(
    TimeProvider clock, IEnumerable<IStandardTermChecker> checkers, IEnumerable<IStandardTermCheckerSource> dictionaries, ILogger<DatasetScoring> logger, IEnumerable<IRuleProbe> probes)
{
    /// <summary>Actor recorded on automatic finding transitions.</summary>
    public const string Automatic = "catalog";

    private readonly IStandardTermChecker? _checker = checkers.FirstOrDefault();
    private readonly IStandardTermCheckerSource? _dictionary = dictionaries.FirstOrDefault();
    private readonly IRuleProbe[] _probes = probes.ToArray();
    private Task<RuleSetFileLoader>? _loader;

    /// <summary>Time spent in row probes (push-down SQL) since start, for the benchmark.</summary>
    public TimeSpan ProbeTime { get; private set; }

    /// <summary>Rule outcomes evaluated since start, for the benchmark.</summary>
    public long RulesEvaluated { get; private set; }

    /// <summary>Scores <paramref name="datasets"/> (tracked, with their columns) of run <paramref name="run"/> and writes
    /// everything that follows; the caller saves and commits. The roll-ups read this context's own uncommitted scores.</summary>
    public async Task ScoreRunAsync(CatalogDbContext db, HarvestRun run, IReadOnlyList<Dataset> datasets, CancellationToken cancellationToken)
    {
        await ScoreDatasetsAsync(db, new ScoringRun(run.Id, run.SourceId, run.Warnings), datasets, cancellationToken);
        await RollupAsync(db, cancellationToken);
    }

    /// <summary>Scores <paramref name="datasets"/> (tracked, with their columns) and saves their rule results, scores,
    /// findings and grades, without the roll-ups: the harvest scores batch by batch and rolls up once per run.</summary>
    public Task ScoreDatasetsAsync(CatalogDbContext db, ScoringRun run, IReadOnlyList<Dataset> datasets, CancellationToken cancellationToken) =>
        ScoreDatasetsAsync(db, run, datasets, d => d.Columns, cancellationToken);

    /// <param name="columnsOf">Each dataset's columns: the harvest copies a new dataset's columns outside the change
    /// tracker, so they are not in its navigation.</param>
    internal async Task ScoreDatasetsAsync(
        CatalogDbContext db, ScoringRun run, IReadOnlyList<Dataset> datasets, Func<Dataset, IEnumerable<Column>> columnsOf, CancellationToken cancellationToken)
    {
        if (datasets.Count == 0)
        {
            return;
        }

        var loading = HarvestStages.Measure("scoring: read inputs");
        var now = clock.GetUtcNow();
        // The source, the rule sets and the other datasets' profiles are read once per run, not once per batch.
        var source = run.Source ??= await db.Sources.AsNoTracking().Include(s => s.Department).SingleAsync(s => s.Id == run.SourceId, cancellationToken);
        var ruleSets = run.RuleSets ??= await RuleSetsAsync(db, cancellationToken);
        if (!ruleSets.TryGetValue(source.RuleSet ?? RuleSetFileLoader.CityDefault, out var ruleSet))
        {
            run.Warnings.Add($"The rule set '{source.RuleSet}' named by source {source.Id} is not applied; scored with {RuleSetFileLoader.CityDefault}. Apply it with: rules apply <dir>");
            ruleSet = ruleSets[RuleSetFileLoader.CityDefault];
        }

        var ids = datasets.Where(d => d.Id != 0).Select(d => d.Id).ToList();
        // Same-named columns of every other active dataset, for the rule that a code means the same everywhere.
        run.OtherColumns ??= await db.Columns.AsNoTracking()
            .Where(c => c.Profile != null)
            .Join(db.Datasets.Where(d => d.Status == DatasetStatus.Active), c => c.DatasetId, d => d.Id,
                (c, d) => new ScoringRun.ColumnOfDataset(c.DatasetId, d.SourceId + "/" + d.QualifiedName, c.Profile!))
            .ToListAsync(cancellationToken);
        var scoring = ids.ToHashSet();
        var others = run.OtherColumns.Where(c => !scoring.Contains(c.DatasetId));
        var codes = CodeValueIndex.Build(others.GroupBy(c => c.Name).Select(g => (g.Key, (IReadOnlyList<ColumnProfile>)g.Select(c => c.Profile!).ToList()))
            .Concat(datasets.Select(d => (d.QualifiedName, Profiles(columnsOf(d))))));
        var checker = _checker ?? (_dictionary is null ? null : await _dictionary.GetCheckerOrNullAsync(cancellationToken));
        var context = new RuleContext(now, checker, null, codes);
        var findings = ids.Count == 0 ? [] : await db.Findings.Where(f => ids.Contains(f.DatasetId)).ToListAsync(cancellationToken);
        var findingsOf = findings.ToLookup(f => f.DatasetId);
        var grades = ids.Count == 0
            ? new Dictionary<long, DatasetGrade>()
            : await db.DatasetGrades.Where(g => ids.Contains(g.DatasetId)).ToDictionaryAsync(g => g.DatasetId, cancellationToken);
        // Rule results and scores are only ever inserted: inside the harvest's transaction they go by COPY, untracked.
        var copy = BulkCopy.CanCopy(db) ? new CopiedRows() : null;
        loading.Dispose();

        foreach (var dataset in datasets)
        {
            var snapshot = SnapshotMapping.ToSnapshot(dataset, columnsOf(dataset));
            var profiles = Profiles(columnsOf(dataset));
            var input = new DatasetRuleInput(source.Id, source.Department?.Name, snapshot, profiles, dataset.SourceModified);
            input = input with { Probes = await ProbeAsync(source, input, ruleSet, context, run, cancellationToken) };
            IReadOnlyList<RuleOutcome> outcomes;
            ScoreCard card;
            using (HarvestStages.Measure("scoring: rules"))
            {
                outcomes = RuleEngine.Evaluate(ruleSet, input, context);
                RulesEvaluated += outcomes.Count;
                card = ScoreCard.Compute(outcomes, ruleSet);
            }

            using (HarvestStages.Measure("scoring: stage rows"))
            {
                dataset.LatestScore = card.Overall;
                WriteResults(db, run, dataset, ruleSet.Name, outcomes, card, now, dataset.Id == 0 ? null : copy);
                UpdateFindings(db, dataset, outcomes, dataset.Id == 0 ? [] : findingsOf[dataset.Id].ToList(), now, dataset.Id == 0 ? null : copy);
                WriteGrade(db, dataset, snapshot, profiles, outcomes, card, now, grades, dataset.Id == 0 ? null : copy);
            }
        }

        if (copy is not null)
        {
            using var copying = HarvestStages.Measure("scoring: copy results");
            await BulkCopy.CopyAsync(db, copy.Results, cancellationToken);
            await BulkCopy.CopyAsync(db, copy.Scores, cancellationToken);
            // New findings take their ids from the table's own sequence first, so their opening events can refer to them.
            var reserved = await BulkCopy.ReserveIdsAsync<Finding>(db, copy.Findings.Count, cancellationToken);
            for (var i = 0; i < reserved.Count; i++)
            {
                copy.Findings[i].Finding.Id = reserved[i];
                copy.Findings[i].Opened.FindingId = reserved[i];
            }

            await BulkCopy.CopyAsync(db, copy.Findings.Select(f => f.Finding).ToList(), cancellationToken, withKeys: true);
            await BulkCopy.CopyAsync(db, copy.Findings.Select(f => f.Opened).ToList(), cancellationToken);
            await BulkCopy.CopyAsync(db, copy.Grades, cancellationToken);
            await BulkCopy.CopyAsync(db, copy.GradeHistory, cancellationToken);
        }

        using (HarvestStages.Measure("scoring: save"))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Writes the source, department and city roll-ups from every dataset's latest scores (city-default weights).</summary>
    public async Task RollupAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var ruleSets = await RuleSetsAsync(db, cancellationToken);
        await RollupAsync(db, ruleSets[RuleSetFileLoader.CityDefault], clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Every applied rule set resolved, the built-in city default underneath.</summary>
    public async Task<IReadOnlyDictionary<string, RuleSet>> RuleSetsAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var loader = await (_loader ??= RuleSetFileLoader.CreateAsync());
        var stored = await db.RuleSets.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var result = loader.Load(stored.Select(r => (r.File, r.Json)).ToList());
        if (!result.Succeeded)
        {
            // Stored sets were valid when applied; a newer catalog may read them differently. Say so and keep scoring.
            logger.LogWarning("Stored rule sets no longer load ({Errors}); scoring with the built-in city default", string.Join("; ", result.Errors));
            return loader.Load([]).RuleSets;
        }

        return result.RuleSets;
    }

    private static IReadOnlyList<ColumnProfile> Profiles(IEnumerable<Column> columns) =>
        columns.Where(c => c.Profile is not null).OrderBy(c => c.Ordinal).Select(c => c.Profile!).ToList();

    private async Task<IReadOnlyList<RowProbeResult>> ProbeAsync(Source source, DatasetRuleInput input, RuleSet ruleSet, RuleContext context, ScoringRun run, CancellationToken cancellationToken)
    {
        var probe = _probes.FirstOrDefault(p => p.Handles(source, input.Snapshot));
        if (probe is null)
        {
            return [];
        }

        var watch = Stopwatch.StartNew();
        using var stage = HarvestStages.Measure("scoring: row probes");
        try
        {
            return await probe.ProbeAsync(source, input, ruleSet, context, cancellationToken);
        }
        catch (RuleProbeException ex)
        {
            // The profile still answers (as a lower bound); the run says why the rows were not counted.
            run.Warnings.Add($"{input.Snapshot.QualifiedName}: {ex.Message}");
            logger.LogWarning("Row probe of {Dataset} failed: {Reason}", input.Snapshot.QualifiedName, ex.Message);
            return [];
        }
        finally
        {
            ProbeTime += watch.Elapsed;
        }
    }

    /// <summary>Rows to insert by COPY once the batch is scored.</summary>
    private sealed class CopiedRows
    {
        public List<RuleResult> Results { get; } = [];

        public List<Score> Scores { get; } = [];

        /// <summary>Findings opened in this batch, each with its opening event.</summary>
        public List<(Finding Finding, FindingEvent Opened)> Findings { get; } = [];

        /// <summary>First grades of datasets graded in this batch (a grade row that exists is updated, tracked).</summary>
        public List<DatasetGrade> Grades { get; } = [];

        public List<DatasetGradeHistory> GradeHistory { get; } = [];
    }

    /// <param name="copy">Where the rows go when the dataset is saved and the context is in a transaction; null adds them
    /// to the change tracker.</param>
    private static void WriteResults(
        CatalogDbContext db, ScoringRun run, Dataset dataset, string ruleSet, IReadOnlyList<RuleOutcome> outcomes, ScoreCard card, DateTimeOffset now, CopiedRows? copy)
    {
        void Add(RuleResult result)
        {
            if (copy is null)
            {
                result.Dataset = dataset;
                db.RuleResults.Add(result);
            }
            else
            {
                result.DatasetId = dataset.Id;
                copy.Results.Add(result);
            }
        }

        void AddScore(Score score)
        {
            if (copy is null)
            {
                score.Dataset = dataset;
                db.Scores.Add(score);
            }
            else
            {
                score.DatasetId = dataset.Id;
                copy.Scores.Add(score);
            }
        }

        foreach (var outcome in outcomes)
        {
            Add(new RuleResult
            {
                HarvestRunId = run.Id,
                RuleId = outcome.RuleId,
                Dimension = outcome.Dimension,
                ColumnName = outcome.Column,
                Passed = outcome.Passed,
                Measured = double.IsFinite(outcome.Measured) ? outcome.Measured : 0,
                Threshold = double.IsFinite(outcome.Threshold) ? outcome.Threshold : 0,
                Examined = outcome.Examined,
                Failing = outcome.Failing,
                Message = outcome.Message,
                EvaluatedAt = now,
                Kind = outcome.Kind,
                Status = outcome.Status,
                Severity = outcome.Severity,
                Weight = outcome.Weight,
                Examples = outcome.Examples.ToList(),
                Sampled = outcome.Sampled,
                Exhaustive = outcome.Exhaustive,
                RuleSet = ruleSet,
            });
        }

        foreach (var dimension in card.Dimensions)
        {
            AddScore(new Score { HarvestRunId = run.Id, Dimension = dimension.Dimension, Value = dimension.Value, Examined = dimension.Examined, Failing = dimension.Failing, ComputedAt = now });
        }

        if (card.Overall is { } overall)
        {
            AddScore(new Score
            {
                HarvestRunId = run.Id, Dimension = null, Value = overall,
                Examined = card.Dimensions.Sum(d => d.Examined), Failing = card.Dimensions.Sum(d => d.Failing), ComputedAt = now,
            });
        }
    }

    /// <summary>Opens, keeps, resolves and re-opens the dataset's findings from this evaluation; a waiver past its expiry re-opens.</summary>
    /// <param name="copy">Where findings opened now go, with their opening event, when the dataset is saved and the
    /// context is in a transaction; null adds them to the change tracker.</param>
    private static void UpdateFindings(CatalogDbContext db, Dataset dataset, IReadOnlyList<RuleOutcome> outcomes, List<Finding> existing, DateTimeOffset now, CopiedRows? copy)
    {
        var seen = new HashSet<(string, string?)>();
        foreach (var outcome in outcomes)
        {
            // A rule that could not be judged this time (its source unreachable, no checker) leaves its finding as it is.
            seen.Add((outcome.RuleId, outcome.Column));
            if (outcome.Skipped)
            {
                continue;
            }

            var finding = existing.FirstOrDefault(f => f.RuleId == outcome.RuleId && f.ColumnName == outcome.Column);
            var next = FindingLifecycle.OnOutcome(finding?.Status, finding?.WaivedUntil, outcome.Passed, now);
            if (next is null)
            {
                continue;
            }

            if (finding is null && copy is not null)
            {
                finding = new Finding { DatasetId = dataset.Id, RuleId = outcome.RuleId, ColumnName = outcome.Column, OpenedAt = now, Status = next.Value,
                    ClosedAt = next.Value == FindingStatus.Resolved ? now : null };
                copy.Findings.Add((finding, new FindingEvent { From = null, To = next.Value, Actor = Automatic, Note = "the rule failed", At = now }));
            }
            else if (finding is null)
            {
                finding = new Finding { Dataset = dataset, RuleId = outcome.RuleId, ColumnName = outcome.Column, OpenedAt = now };
                db.Findings.Add(finding);
                Transition(db, finding, null, next.Value, now, "the rule failed");
            }
            else if (finding.Status != next.Value)
            {
                Transition(db, finding, finding.Status, next.Value, now,
                    next == FindingStatus.Resolved ? "the rule passes again"
                    : finding.Status == FindingStatus.Waived ? $"the waiver expired on {finding.WaivedUntil:yyyy-MM-dd} and the rule still fails"
                    : "the rule fails again");
            }

            finding.Dimension = outcome.Dimension;
            finding.Severity = outcome.Severity;
            finding.Message = outcome.Message;
            finding.Examined = outcome.Examined;
            finding.Failing = outcome.Failing;
            finding.Examples = outcome.Examples.ToList();
            finding.UpdatedAt = now;
        }

        // A rule that no longer applies (disabled, or its column dropped) cannot fail any more: its open finding closes.
        foreach (var finding in existing.Where(f => f.Status is not FindingStatus.Resolved && !seen.Contains((f.RuleId, f.ColumnName))))
        {
            Transition(db, finding, finding.Status, FindingStatus.Resolved, now, "the rule no longer applies to this dataset");
            finding.UpdatedAt = now;
        }
    }

    internal static void Transition(CatalogDbContext db, Finding finding, FindingStatus? from, FindingStatus to, DateTimeOffset now, string note, string actor = Automatic)
    {
        finding.Status = to;
        finding.ClosedAt = to == FindingStatus.Resolved ? now : null;
        if (to == FindingStatus.Open && from == FindingStatus.Waived)
        {
            finding.WaiverReason = null;
            finding.WaivedBy = null;
            finding.WaivedUntil = null;
        }

        db.FindingEvents.Add(new FindingEvent { Finding = finding, From = from, To = to, Actor = actor, Note = note, At = now });
    }

    /// <param name="copy">Where a first grade and every history row go when the dataset is saved and the context is in a
    /// transaction; null adds them to the change tracker.</param>
    private static void WriteGrade(CatalogDbContext db, Dataset dataset, Core.Catalog.DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile> profiles,
        IReadOnlyList<RuleOutcome> outcomes, ScoreCard card, DateTimeOffset now, Dictionary<long, DatasetGrade> grades, CopiedRows? copy)
    {
        var grade = AiReadiness.Grade(snapshot, profiles, outcomes, card);
        var row = dataset.Id == 0 ? null : grades.GetValueOrDefault(dataset.Id);
        if (row is null && copy is not null)
        {
            row = new DatasetGrade { DatasetId = dataset.Id, Grade = grade.Grade };
            copy.Grades.Add(row);
        }
        else if (row is null)
        {
            row = new DatasetGrade { Dataset = dataset, Grade = grade.Grade };
            db.DatasetGrades.Add(row);
        }

        row.Grade = grade.Grade;
        row.Points = grade.Points;
        row.Reasons = grade.Reasons.Select(r => new GradeReason(r.Criterion, r.PointsLost, r.Message)).ToList();
        row.ComputedAt = now;
        // The grade row is overwritten; its history keeps what it was on each day for reports as of a past date.
        if (copy is not null)
        {
            copy.GradeHistory.Add(new DatasetGradeHistory { DatasetId = dataset.Id, Grade = grade.Grade, Points = grade.Points, ComputedAt = now });
        }
        else
        {
            db.DatasetGradeHistory.Add(new DatasetGradeHistory { Dataset = dataset, Grade = grade.Grade, Points = grade.Points, ComputedAt = now });
        }
    }

    /// <summary>Source, department and city scores from the latest scores of every active dataset.</summary>
    private static async Task RollupAsync(CatalogDbContext db, RuleSet weights, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var latestRun = db.Scores.GroupBy(s => s.DatasetId).Select(g => new { DatasetId = g.Key, RunId = g.Max(s => s.HarvestRunId) });
        var latest = await db.Scores.AsNoTracking().Where(s => s.Dimension != null && s.Dataset!.Status == DatasetStatus.Active)
            .Join(latestRun, s => new { s.DatasetId, RunId = s.HarvestRunId }, l => new { l.DatasetId, l.RunId }, (s, _) => s)
            .Select(s => new { s.DatasetId, s.Dataset!.SourceId, Department = s.Dataset.Source!.Department!.Code, Dimension = s.Dimension!.Value, s.Value, s.Examined, s.Failing })
            .ToListAsync(cancellationToken);
        var cards = latest.GroupBy(s => (s.DatasetId, s.SourceId, s.Department))
            .Select(g => (g.Key.SourceId, g.Key.Department, Card: new ScoreCard(g.Select(s => new DimensionScore(s.Dimension, s.Value, s.Examined, s.Failing, 0)).ToList(), null)))
            .ToList();

        void Add(ScoreScope scope, string key, IReadOnlyList<ScoreCard> group)
        {
            var rolled = ScoreCard.Rollup(group, weights.WeightOf);
            foreach (var dimension in rolled.Dimensions)
            {
                db.ScopeScores.Add(new ScopeScore { Scope = scope, ScopeKey = key, Dimension = dimension.Dimension, Value = dimension.Value, Examined = dimension.Examined, Failing = dimension.Failing, Datasets = group.Count, ComputedAt = now });
            }

            if (rolled.Overall is { } overall)
            {
                db.ScopeScores.Add(new ScopeScore { Scope = scope, ScopeKey = key, Value = overall, Examined = rolled.Dimensions.Sum(d => d.Examined), Failing = rolled.Dimensions.Sum(d => d.Failing), Datasets = group.Count, ComputedAt = now });
            }
        }

        foreach (var group in cards.GroupBy(c => c.SourceId))
        {
            Add(ScoreScope.Source, group.Key, group.Select(c => c.Card).ToList());
        }

        foreach (var group in cards.GroupBy(c => c.Department))
        {
            Add(ScoreScope.Department, group.Key, group.Select(c => c.Card).ToList());
        }

        Add(ScoreScope.City, "", cards.Select(c => c.Card).ToList());
    }
}

/// <summary>The run whose results are being written: its id, its source, and where its warnings go.</summary>
public sealed class ScoringRun(long id, string sourceId, ICollection<string> warnings)
{
    public long Id { get; } = id;

    public string SourceId { get; } = sourceId;

    public ICollection<string> Warnings { get; } = warnings;

    internal Source? Source { get; set; }

    internal IReadOnlyDictionary<string, RuleSet>? RuleSets { get; set; }

    /// <summary>Every active dataset's profiled columns as the run found them, for comparing codes across datasets.</summary>
    internal List<ColumnOfDataset>? OtherColumns { get; set; }

    internal sealed record ColumnOfDataset(long DatasetId, string Name, ColumnProfile Profile);
}

/// <summary>Counts rule failures over every row at the source (push-down SQL), for the rules a profile cannot answer.</summary>
public interface IRuleProbe
{
    bool Handles(Source source, Core.Catalog.DatasetSnapshot snapshot);

    /// <exception cref="RuleProbeException">The source could not be reached or a statement failed; the message says which and the fix.</exception>
    Task<IReadOnlyList<RowProbeResult>> ProbeAsync(Source source, DatasetRuleInput input, RuleSet ruleSet, RuleContext context, CancellationToken cancellationToken);
}

/// <summary>A row probe could not count; scoring falls back to the profile.</summary>
public sealed class RuleProbeException(string message, Exception? inner = null) : Exception(message, inner);
