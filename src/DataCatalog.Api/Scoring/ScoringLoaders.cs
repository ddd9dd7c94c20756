using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence.Model;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Scoring;

/// <summary>Batched loads of findings, grades and roll-up scores: one query per level of a request.</summary>
internal static class ScoringLoaders
{
    public static IDataLoaderResult<IEnumerable<FindingRecord>> Findings(IResolveFieldContext context, long datasetId) =>
        Batch(context).LoadMany<long, FindingRecord>("findings", datasetId, async (ids, ct) =>
        {
            await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
            var rows = await db.Findings.AsNoTracking().Where(f => ids.Contains(f.DatasetId)).OrderBy(f => f.Id).Select(FindingRecord.Project).ToListAsync(ct);
            return rows.ToLookup(f => f.DatasetId);
        });

    public static IDataLoaderResult<IEnumerable<FindingEventRecord>> FindingEvents(IResolveFieldContext context, long findingId) =>
        Batch(context).LoadMany<long, FindingEventRecord>("findingEvents", findingId, async (ids, ct) =>
        {
            await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
            var rows = await db.FindingEvents.AsNoTracking().Where(e => ids.Contains(e.FindingId)).OrderBy(e => e.Id).Select(FindingEventRecord.Project).ToListAsync(ct);
            return rows.ToLookup(e => e.FindingId);
        });

    public static IDataLoaderResult<DatasetGradeRecord?> Grade(IResolveFieldContext context, long datasetId) =>
        Batch(context).Load<long, DatasetGradeRecord>("grades", datasetId, async (ids, ct) =>
        {
            await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
            var rows = await db.DatasetGrades.AsNoTracking().Where(g => ids.Contains(g.DatasetId)).ToListAsync(ct);
            return rows.ToDictionary(g => g.DatasetId, g => new DatasetGradeRecord(
                g.DatasetId, g.Grade, g.Points, [.. g.Reasons.Select(r => new GradeReasonRecord(r.Criterion, r.PointsLost, r.Message))], g.ComputedAt));
        });

    /// <summary>The latest roll-up scores of one scope key (a department code, a source id, "" for the city).</summary>
    public static IDataLoaderResult<IEnumerable<ScopeScoreRecord>> LatestScopeScores(IResolveFieldContext context, ScoreScope scope, string key) =>
        Batch(context).LoadMany<string, ScopeScoreRecord>("scopeScores:" + scope, key, async (keys, ct) =>
        {
            await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
            var latest = db.ScopeScores.Where(s => s.Scope == scope && keys.Contains(s.ScopeKey))
                .GroupBy(s => s.ScopeKey).Select(g => new { Key = g.Key, At = g.Max(s => s.ComputedAt) });
            var rows = await db.ScopeScores.AsNoTracking().Where(s => s.Scope == scope)
                .Join(latest, s => new { Key = s.ScopeKey, At = s.ComputedAt }, l => new { l.Key, l.At }, (s, _) => s)
                .Select(s => new ScopeScoreRecord(s.Scope, s.ScopeKey, s.Dimension, s.Value, s.Examined, s.Failing, s.Datasets, s.ComputedAt))
                .ToListAsync(ct);
            return rows.OrderBy(s => s.Dimension.HasValue).ThenBy(s => s.Dimension).ToLookup(s => s.ScopeKey);
        });

    /// <summary>The standard checker's judgement of a column; null when no checker is registered or no dictionary imported.</summary>
    public static async Task<StandardTermCheck?> Standard(IResolveFieldContext context, ColumnRecord column)
    {
        var checker = context.RequestServices!.GetService<IStandardTermChecker>();
        if (checker is null && context.RequestServices!.GetService<IStandardTermCheckerSource>() is { } dictionary)
        {
            // Once per request, not once per column: asking costs a query.
            const string Key = "standardTermChecker";
            if (context.UserContext.TryGetValue(Key, out var cached))
            {
                checker = cached as IStandardTermChecker;
            }
            else
            {
                checker = await dictionary.GetCheckerOrNullAsync(context.CancellationToken);
                context.UserContext[Key] = checker;
            }
        }

        return checker?.Check(RuleEngine.ToStandardInput(
            new ColumnSnapshot(column.Name, column.Ordinal, column.DataType, column.IsNullable, column.IsPrimaryKey, column.Description, column.DefaultValue, column.References),
            column.Profile));
    }

    private static BatchLoaderContext Batch(IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<BatchLoaderContext>();
}
