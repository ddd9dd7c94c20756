using DataCatalog.Api.Batching;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Catalog;

/// <summary>Batched loads of child lists: one query per level of a GraphQL request, whatever the number of parents.</summary>
internal static class CatalogLoaders
{
    public static IDataLoaderResult<IEnumerable<ColumnRecord>> Columns(IResolveFieldContext context, long datasetId) =>
        Batch(context).LoadMany<long, ColumnRecord>("columns", datasetId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            var rows = await db.Columns.Where(c => ids.Contains(c.DatasetId)).OrderBy(c => c.Ordinal).Select(ColumnRecord.Project).ToListAsync(ct);
            return rows.ToLookup(c => c.DatasetId);
        });

    public static IDataLoaderResult<IEnumerable<ScoreRecord>> LatestScores(IResolveFieldContext context, long datasetId) =>
        Batch(context).LoadMany<long, ScoreRecord>("latestScores", datasetId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            var latestRun = db.Scores.Where(s => ids.Contains(s.DatasetId))
                .GroupBy(s => s.DatasetId)
                .Select(g => new { DatasetId = g.Key, RunId = g.Max(s => s.HarvestRunId) });
            var rows = await db.Scores.AsNoTracking()
                .Join(latestRun, s => new { s.DatasetId, RunId = s.HarvestRunId }, l => new { l.DatasetId, l.RunId }, (s, _) => s)
                .OrderBy(s => s.Dimension).ThenBy(s => s.Id)
                .Select(Project.Score)
                .ToListAsync(ct);
            return rows.ToLookup(s => s.DatasetId);
        });

    /// <summary>The <paramref name="last"/> overall scores computed before <paramref name="before"/> (all when null), oldest first.</summary>
    public static IDataLoaderResult<IEnumerable<ScoreRecord>> ScoreHistory(IResolveFieldContext context, long datasetId, int last, DateTimeOffset? before) =>
        Batch(context).LoadMany<long, ScoreRecord>($"scoreHistory:{last}:{before?.UtcTicks}", datasetId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            var limit = before ?? DateTimeOffset.MaxValue;
            // One statement for every dataset of the level: the newest `last` of each, through a LATERAL join.
            var rows = await db.Datasets.Where(d => ids.Contains(d.Id))
                .SelectMany(d => db.Scores.AsNoTracking()
                    .Where(s => s.DatasetId == d.Id && s.Dimension == null && s.ComputedAt < limit)
                    .OrderByDescending(s => s.ComputedAt).ThenByDescending(s => s.Id).Take(last))
                .Select(Project.Score)
                .ToListAsync(ct);
            return rows.OrderBy(s => s.ComputedAt).ThenBy(s => s.Id).ToLookup(s => s.DatasetId);
        });

    /// <summary>Recorded changes, newest run first, <paramref name="first"/> of them after skipping <paramref name="offset"/>.</summary>
    public static IDataLoaderResult<IEnumerable<SchemaChangeRecord>> Changes(IResolveFieldContext context, long datasetId, int first, int offset) =>
        Batch(context).LoadMany<long, SchemaChangeRecord>($"changes:{first}:{offset}", datasetId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            var rows = await db.Datasets.Where(d => ids.Contains(d.Id))
                .SelectMany(d => db.SchemaChanges.AsNoTracking().Where(c => c.DatasetId == d.Id)
                    .OrderByDescending(c => c.HarvestRunId).ThenBy(c => c.Id).Skip(offset).Take(first))
                .Select(Project.Change)
                .ToListAsync(ct);
            return rows.OrderByDescending(c => c.HarvestRunId).ThenBy(c => c.Id).ToLookup(c => c.DatasetId);
        });

    public static IDataLoaderResult<IEnumerable<RuleResultRecord>> RuleResults(IResolveFieldContext context, long datasetId) =>
        Batch(context).LoadMany<long, RuleResultRecord>("ruleResults", datasetId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            var latestRun = db.RuleResults.Where(r => ids.Contains(r.DatasetId))
                .GroupBy(r => r.DatasetId)
                .Select(g => new { DatasetId = g.Key, RunId = g.Max(r => r.HarvestRunId) });
            var rows = await db.RuleResults.AsNoTracking()
                .Join(latestRun, r => new { r.DatasetId, RunId = r.HarvestRunId }, l => new { l.DatasetId, l.RunId }, (r, _) => r)
                .OrderBy(r => r.Id)
                .Select(r => new
                {
                    Result = r,
                    Department = db.Datasets.Where(d => d.Id == r.DatasetId).Select(d => d.Source!.Department!.Code).FirstOrDefault(),
                    Personal = r.ColumnName != null
                               && db.Columns.Any(c => c.DatasetId == r.DatasetId && c.Name == r.ColumnName && c.PiiClass != Core.Privacy.PiiClass.None),
                })
                .ToListAsync(ct);
            return rows.Select(x => new RuleResultRecord(
                    x.Result.Id, x.Result.DatasetId, x.Department, x.Personal, x.Result.RuleId, x.Result.Dimension, x.Result.ColumnName, x.Result.Passed,
                    x.Result.Measured, x.Result.Threshold, x.Result.Examined, x.Result.Failing, x.Result.Message, x.Result.Kind, x.Result.Status,
                    x.Result.Severity, x.Result.Weight, x.Result.Examples, x.Result.Sampled, x.Result.Exhaustive, x.Result.RuleSet))
                .ToLookup(r => r.DatasetId);
        });

    public static IDataLoaderResult<SourceRecord?> Source(IResolveFieldContext context, string sourceId) =>
        Batch(context).Load<string, SourceRecord>("sources", sourceId, async (ids, ct) =>
        {
            await using var db = await Db(context).CreateDbContextAsync(ct);
            return await db.Sources.Where(s => ids.Contains(s.Id)).Select(SourceRecord.Project).ToDictionaryAsync(s => s.Id, ct);
        });

    /// <summary>The projections the API answers from: only the columns a type shows, translated to SQL.</summary>
    private static class Project
    {
        public static readonly System.Linq.Expressions.Expression<Func<Score, ScoreRecord>> Score =
            s => new ScoreRecord(s.Id, s.DatasetId, s.Dimension, s.Value, s.ComputedAt, s.HarvestRunId, s.Examined, s.Failing);

        public static readonly System.Linq.Expressions.Expression<Func<SchemaChange, SchemaChangeRecord>> Change =
            c => new SchemaChangeRecord(c.Id, c.DatasetId, c.HarvestRunId, c.Kind, c.ColumnName, c.Before, c.After, c.DetectedAt);
    }

    private static BatchLoaderContext Batch(IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<BatchLoaderContext>();

    /// <summary>The API's own pool when persistence registered one (AddCatalogPersistence does), the default factory otherwise.</summary>
    internal static IDbContextFactory<CatalogDbContext> Db(IResolveFieldContext context) =>
        context.RequestServices!.GetKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api)
        ?? context.RequestServices!.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
}
