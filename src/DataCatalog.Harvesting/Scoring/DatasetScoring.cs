using System.Diagnostics;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Publish;
using DataCatalog.Persistence;
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
    public async Task ScoreDatasetsAsync(CatalogDbContext db, ScoringRun run, IReadOnlyList<Dataset> datasets, CancellationToken cancellationToken)
    {
        if (datasets.Count == 0)
        {
            return;
        }

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
            .Concat(datasets.Select(d => (d.QualifiedName, Profiles(d)))));
        var checker = _checker ?? (_dictionary is null ? null : await _dictionary.GetCheckerOrNullAsync(cancellationToken));
        var context = new RuleContext(now, checker, null, codes);
        var findings = ids.Count == 0 ? [] : await db.Findings.Where(f => ids.Contains(f.DatasetId)).ToListAsync(cancellationToken);

        foreach (var dataset in datasets)
        {
            var snapshot = SnapshotMapping.ToSnapshot(dataset);
            var profiles = Profiles(dataset);
            var input = new DatasetRuleInput(source.Id, source.Department?.Name, snapshot, profiles, dataset.SourceModified);
            input = input with { Probes = await ProbeAsync(source, input, ruleSet, context, run, cancellationToken) };
            var outcomes = RuleEngine.Evaluate(ruleSet, input, context);
            RulesEvaluated += outcomes.Count;
            var card = ScoreCard.Compute(outcomes, ruleSet);
            dataset.LatestScore = card.Overall;
            WriteResults(db, run, dataset, ruleSet.Name, outcomes, card, now);
            UpdateFindings(db, dataset, outcomes, findings.Where(f => f.DatasetId == dataset.Id && dataset.Id != 0).ToList(), now);
            await WriteGradeAsync(db, dataset, snapshot, profiles, outcomes, card, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
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

    private static IReadOnlyList<ColumnProfile> Profiles(Dataset dataset) =>
        dataset.Columns.Where(c => c.Profile is not null).OrderBy(c => c.Ordinal).Select(c => c.Profile!).ToList();

    private async Task<IReadOnlyList<RowProbeResult>> ProbeAsync(Source source, DatasetRuleInput input, RuleSet ruleSet, RuleContext context, ScoringRun run, CancellationToken cancellationToken)
    {
        var probe = _probes.FirstOrDefault(p => p.Handles(source, input.Snapshot));
        if (probe is null)
        {
            return [];
        }

        var watch = Stopwatch.StartNew();
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

    private static void WriteResults(CatalogDbContext db, ScoringRun run, Dataset dataset, string ruleSet, IReadOnlyList<RuleOutcome> outcomes, ScoreCard card, DateTimeOffset now)
    {
        foreach (var outcome in outcomes)
        {
            db.RuleResults.Add(new RuleResult
            {
                Dataset = dataset,
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
            db.Scores.Add(new Score { Dataset = dataset, HarvestRunId = run.Id, Dimension = dimension.Dimension, Value = dimension.Value, Examined = dimension.Examined, Failing = dimension.Failing, ComputedAt = now });
        }

        if (card.Overall is { } overall)
        {
            db.Scores.Add(new Score
            {
                Dataset = dataset, HarvestRunId = run.Id, Dimension = null, Value = overall,
                Examined = card.Dimensions.Sum(d => d.Examined), Failing = card.Dimensions.Sum(d => d.Failing), ComputedAt = now,
            });
        }
    }

    /// <summary>Opens, keeps, resolves and re-opens the dataset's findings from this evaluation; a waiver past its expiry re-opens.</summary>
    private static void UpdateFindings(CatalogDbContext db, Dataset dataset, IReadOnlyList<RuleOutcome> outcomes, List<Finding> existing, DateTimeOffset now)
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

            if (finding is null)
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

    private static async Task WriteGradeAsync(CatalogDbContext db, Dataset dataset, Core.Catalog.DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile> profiles,
        IReadOnlyList<RuleOutcome> outcomes, ScoreCard card, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grade = AiReadiness.Grade(snapshot, profiles, outcomes, card);
        var row = dataset.Id == 0 ? null : await db.DatasetGrades.FindAsync([dataset.Id], cancellationToken);
        if (row is null)
        {
            row = new DatasetGrade { Dataset = dataset, Grade = grade.Grade };
            db.DatasetGrades.Add(row);
        }

        row.Grade = grade.Grade;
        row.Points = grade.Points;
        row.Reasons = grade.Reasons.Select(r => new GradeReason(r.Criterion, r.PointsLost, r.Message)).ToList();
        row.ComputedAt = now;
        // The grade row is overwritten; its history keeps what it was on each day for reports as of a past date.
        db.DatasetGradeHistory.Add(new DatasetGradeHistory { Dataset = dataset, Grade = grade.Grade, Points = grade.Points, ComputedAt = now });
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
