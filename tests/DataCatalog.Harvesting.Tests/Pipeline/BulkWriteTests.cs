using System.Runtime.CompilerServices;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence.Bulk;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Pipeline;

public sealed class BulkWriteTests
{
    [Fact]
    public async Task Rows_copied_in_read_back_exactly_as_the_change_tracker_would_have_saved_them()
    {
        var catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        long datasetId, runId;
        await using (var db = TestPostgres.Context(catalog))
        {
            var source = new Source
            {
                Id = "copy", Department = new Department { Code = "copy", Name = "복사과" }, Kind = "postgres", Name = "copy",
                ConnectionRef = "config:Sources:copy", Schedule = "0 0 3 * * ?", Options = [],
            };
            var run = new HarvestRun { SourceId = "copy", Trigger = "test", Node = "n", StartedAt = At, Status = HarvestStatus.Running };
            var dataset = new Dataset { SourceId = "copy", QualifiedName = "public.t", Fingerprint = "f", FirstSeenAt = At };
            db.AddRange(source, run);
            await db.SaveChangesAsync();
            dataset.FirstSeenRunId = run.Id;
            db.Add(dataset);
            await db.SaveChangesAsync();
            (datasetId, runId) = (dataset.Id, run.Id);
        }

        var profile = new ColumnProfile("성명", 3, 1, 0, 2, false, null, null, 3, 3, [new ValueCount("김*준", 2)], [new ValueCount("KKK", 2)], InferredType.Text, PiiClass.PersonName);
        await using (var db = TestPostgres.Context(catalog))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(BulkCopy.CanCopy(db));
            await BulkCopy.CopyAsync(db, [
                new RuleResult
                {
                    DatasetId = datasetId, HarvestRunId = runId, RuleId = "names.masked", Dimension = QualityDimension.Validity, ColumnName = null,
                    Passed = false, Measured = 0.25, Threshold = 0.9, Examined = 4, Failing = 3, Message = "3 of 4 fail", EvaluatedAt = At,
                    Kind = "pattern", Status = RuleStatus.Failed, Severity = RuleSeverity.Warning, Weight = 2, Examples = ["김*준", "이*은"],
                    Sampled = true, Exhaustive = false, RuleSet = "city-default",
                },
            ], default);
            await BulkCopy.CopyAsync(db, [
                new Score { DatasetId = datasetId, HarvestRunId = runId, Dimension = null, Value = 81.5, Examined = 10, Failing = 2, ComputedAt = At },
                new Score { DatasetId = datasetId, HarvestRunId = runId, Dimension = QualityDimension.Completeness, Value = 90, Examined = 5, Failing = 1, ComputedAt = At },
            ], default);
            await BulkCopy.CopyAsync(db, [
                new Column { DatasetId = datasetId, Name = "성명", Ordinal = 1, DataType = "text", IsNullable = true, PiiClass = PiiClass.PersonName, Profile = profile },
            ], default);
            await BulkCopy.CopyAsync(db, [
                new DatasetGrade { DatasetId = datasetId, Grade = "B", Points = 72.5, Reasons = [new GradeReason("completeness", 12.5, "성명 is 75 % complete")], ComputedAt = At },
            ], default);
            await BulkCopy.CopyAsync(db, [new DatasetGradeHistory { DatasetId = datasetId, Grade = "B", Points = 72.5, ComputedAt = At }], default);
            await transaction.CommitAsync();
        }

        await using (var db = TestPostgres.Context(catalog))
        {
            var result = await db.RuleResults.SingleAsync();
            Assert.Equal(
                (datasetId, runId, "names.masked", QualityDimension.Validity, (string?)null, false, 0.25, 0.9, 4L, 3L, "3 of 4 fail", At, "pattern"),
                (result.DatasetId, result.HarvestRunId, result.RuleId, result.Dimension, result.ColumnName, result.Passed, result.Measured, result.Threshold,
                    result.Examined, result.Failing, result.Message, result.EvaluatedAt, result.Kind));
            Assert.Equal((RuleStatus.Failed, RuleSeverity.Warning, 2d, true, false, "city-default"),
                (result.Status, result.Severity, result.Weight, result.Sampled, result.Exhaustive, result.RuleSet));
            Assert.Equal(["김*준", "이*은"], result.Examples);
            var scores = await db.Scores.OrderBy(s => s.Value).Select(s => new { s.Dimension, s.Value, s.Examined, s.Failing, s.ComputedAt }).ToListAsync();
            Assert.Equal([new { Dimension = (QualityDimension?)null, Value = 81.5, Examined = 10L, Failing = 2L, ComputedAt = At },
                new { Dimension = (QualityDimension?)QualityDimension.Completeness, Value = 90d, Examined = 5L, Failing = 1L, ComputedAt = At }], scores);
            var column = await db.Columns.SingleAsync();
            Assert.Equal((datasetId, "성명", 1, PiiClass.PersonName, true), (column.DatasetId, column.Name, column.Ordinal, column.PiiClass, column.IsNullable));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(profile), System.Text.Json.JsonSerializer.Serialize(column.Profile));
            var grade = await db.DatasetGrades.SingleAsync();
            Assert.Equal((datasetId, "B", 72.5, At), (grade.DatasetId, grade.Grade, grade.Points, grade.ComputedAt));
            Assert.Equal([new GradeReason("completeness", 12.5, "성명 is 75 % complete")], grade.Reasons);
            var history = await db.DatasetGradeHistory.SingleAsync();
            Assert.Equal((datasetId, "B", 72.5, At), (history.DatasetId, history.Grade, history.Points, history.ComputedAt));
        }
    }

    [Fact]
    public async Task Outside_a_transaction_rows_are_not_copied_so_they_cannot_outlive_a_failed_save()
    {
        await using var db = TestPostgres.Context(await TestPostgres.CreateCatalogDatabaseAsync());
        Assert.False(BulkCopy.CanCopy(db));
    }

    [Fact]
    public async Task Reading_ahead_yields_every_item_in_order_and_then_the_sources_own_error()
    {
        var seen = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in Failing(3).AheadAsync(2))
            {
                seen.Add(item);
            }
        });

        Assert.Equal([1, 2, 3], seen);
        Assert.Equal("after 3", error.Message);
    }

    [Fact]
    public async Task A_consumer_that_stops_early_stops_the_source_and_releases_it()
    {
        var released = new TaskCompletionSource();
        await foreach (var item in Endless(released).AheadAsync(2))
        {
            if (item == 2)
            {
                break;
            }
        }

        // Disposing the read-ahead waits for the source to end, so its finally has run by now.
        Assert.True(released.Task.IsCompleted);
    }

    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static async IAsyncEnumerable<int> Failing(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw new InvalidDataException($"after {count}");
    }

    private static async IAsyncEnumerable<int> Endless(TaskCompletionSource released, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 1; ; i++)
            {
                await Task.Delay(1, cancellationToken);
                yield return i;
            }
        }
        finally
        {
            released.TrySetResult();
        }
    }
}
