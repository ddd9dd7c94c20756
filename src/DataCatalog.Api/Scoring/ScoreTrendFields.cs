using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using DataCatalog.Core.Reports;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Model;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Scoring;

/// <summary>The <c>scoreHistory</c> field of the city and of a department: their roll-up scores per day, per dimension and overall.</summary>
public static class ScoreTrendFields
{
    // No `before` means every day: a cutoff far beyond any score, not DateTimeOffset.MaxValue (Npgsql reads that as infinity).
    private static readonly DateTimeOffset NoCutoff = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Adds <c>scoreHistory(days, before)</c> to <paramref name="type"/>, the roll-ups of <paramref name="scope"/> under the key <paramref name="key"/> gives.</summary>
    public static void AddTo<T>(ObjectGraphType<T> type, ScoreScope scope, Func<T, string> key)
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScopeScoreDayType>>>>("scoreHistory")
            .Description("Roll-up scores per day (Korean time), oldest first: on each of the last days that have any, the day's last roll-up, one score per dimension and one overall (dimension null).")
            .Argument<IntGraphType>("days", $"How many days, 1–{CatalogQuery.MaxPageSize} (default {DatasetType.HistoryPage}).")
            .Argument<StringGraphType>("before", "Only days before this one, YYYY-MM-DD in Korean time: the day of the oldest entry of the previous page.")
            .Resolve(ctx =>
            {
                var days = CatalogArguments.PageSize(ctx, "days", DatasetType.HistoryPage, CatalogQuery.MaxPageSize);
                var before = ReportScope.ParseAsOf(ctx.GetArgument<string?>("before"), "'before'", out var error);
                if (error is not null)
                {
                    throw CatalogArguments.Invalid(error);
                }

                // The day before `before` is the last one shown, so its report cutoff (midnight that ends it) is ours.
                var cutoff = before is { } day ? new ReportScope(null, day.AddDays(-1)).Cutoff.ToUniversalTime() : NoCutoff;
                return History(ctx, scope, key(ctx.Source), days, cutoff);
            });
    }

    /// <summary>The last <paramref name="days"/> days with roll-ups computed before <paramref name="cutoff"/> of every key of the level, in one statement.</summary>
    private static IDataLoaderResult<IEnumerable<ScopeScoreDayRecord>> History(IResolveFieldContext context, ScoreScope scope, string key, int days, DateTimeOffset cutoff) =>
        context.RequestServices!.GetRequiredService<BatchLoaderContext>().LoadMany<string, ScopeScoreDayRecord>(
            $"scopeScoreHistory:{scope}:{days}:{cutoff.UtcTicks}", key, async (keys, ct) =>
            {
                await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
                var scopeName = scope.ToString();
                var keyArray = keys.ToArray();
                // Per key and Korean day the last roll-up (the harvester writes one row per dimension and one overall,
                // all with the same computed_at), numbered newest day first to keep the last `days` of them.
                var rows = await db.Database.SqlQuery<TrendRow>($"""
                    WITH "last_of_day" AS (
                        SELECT "scope_key", max("computed_at") AS "at"
                        FROM "scope_scores"
                        WHERE "scope" = {scopeName} AND "scope_key" = ANY({keyArray}) AND "computed_at" < {cutoff}
                        GROUP BY "scope_key", ("computed_at" AT TIME ZONE 'Asia/Seoul')::date
                    ), "numbered" AS (
                        SELECT "scope_key", "at", row_number() OVER (PARTITION BY "scope_key" ORDER BY "at" DESC) AS "n"
                        FROM "last_of_day"
                    )
                    SELECT s."scope_key" AS "key", to_char(s."computed_at" AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS "day",
                           s."dimension", s."value", s."examined", s."failing", s."datasets", s."computed_at" AS "at"
                    FROM "numbered" d
                    JOIN "scope_scores" s ON s."scope" = {scopeName} AND s."scope_key" = d."scope_key" AND s."computed_at" = d."at"
                    WHERE d."n" <= {days}
                    """).ToListAsync(ct);

                return rows
                    .GroupBy(r => (r.key, r.day))
                    .OrderBy(g => g.Key.day, StringComparer.Ordinal)
                    .Select(g => new ScopeScoreDayRecord(g.Key.key, g.Key.day, g.First().at, [.. g
                        .Select(r => new ScopeScoreRecord(scope, r.key, r.dimension is null ? null : Enum.Parse<QualityDimension>(r.dimension), r.value, r.examined, r.failing, r.datasets, r.at))
                        .OrderBy(s => s.Dimension.HasValue).ThenBy(s => s.Dimension)]))
                    .ToLookup(d => d.ScopeKey);
            });

    // Lower-case names: SqlQuery maps result columns by name, under the snake-case naming convention too.
    private sealed record TrendRow(string key, string day, string? dimension, double value, long examined, long failing, int datasets, DateTimeOffset at);
}

/// <summary>One day of a roll-up's history: the day's last scores, per dimension and overall.</summary>
public sealed class ScopeScoreDayType : ObjectGraphType<ScopeScoreDayRecord>
{
    public ScopeScoreDayType()
    {
        Name = "ScopeScoreDay";
        Field(d => d.Day).Description("YYYY-MM-DD in Korean time.");
        Field(d => d.ComputedAt).Description("When the day's last roll-up, the one shown, was computed.");
        Field<FloatGraphType>("overall").Description("The overall score of the day; null when only dimensions were rolled up.")
            .Resolve(ctx => ctx.Source.Scores.FirstOrDefault(s => s.Dimension is null)?.Value);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScopeScoreType>>>>("scores")
            .Description("The overall score (dimension null) first, then one per dimension.")
            .Resolve(ctx => ctx.Source.Scores);
    }
}

/// <summary>A day of roll-up scores as the API shows it.</summary>
public sealed record ScopeScoreDayRecord(string ScopeKey, string Day, DateTimeOffset ComputedAt, IReadOnlyList<ScopeScoreRecord> Scores);
