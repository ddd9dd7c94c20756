using System.Runtime.CompilerServices;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Publish;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Pipeline;

public sealed class PublishSafetyTests
{
    [Fact]
    public async Task Text_with_NUL_characters_is_published_with_them_replaced_and_the_run_succeeds()
    {
        var connector = new ScriptedConnector();
        connector.Next = [Dataset("bin.csv", "ti\0tle", description: "a\0b", topValue: "x\0y"), Dataset("good.csv", "good")];
        connector.NextWarnings = ["line 2 holds \0"];
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(2, run.DatasetsAdded);
        await using var db = harness.Catalog();
        var bin = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "bin.csv");
        Assert.Equal("ti\uFFFDtle", bin.Title);
        Assert.Equal("a\uFFFDb", bin.Columns.Single().Description);
        Assert.Equal("x\uFFFDy", bin.Columns.Single().Profile!.TopValues.Single().Value);
        Assert.Equal(["bin.csv: line 2 holds \uFFFD", "good.csv: line 2 holds \uFFFD"], (await db.HarvestRuns.SingleAsync(r => r.Id == run.Id)).Warnings);
    }

    [Fact]
    public async Task NUL_in_the_file_read_details_and_portal_fields_is_replaced_before_it_reaches_jsonb()
    {
        var connector = new ScriptedConnector();
        var dataset = Dataset("sheet.xlsx", "t");
        connector.Next =
        [
            dataset with
            {
                Snapshot = dataset.Snapshot! with
                {
                    Metadata = dataset.Snapshot.Metadata with
                    {
                        LandingPage = "https://x/\0",
                        Distributions = [new Distribution("CSV", "https://x/a.csv", "a\0", MediaType: "text/\0csv")],
                    },
                    FileRead = new FileReadDetails("xlsx", null, null, true, true, ["column_3\0"], Sheet: "시트\0"),
                },
            },
        ];
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        await using var db = harness.Catalog();
        var stored = await db.Datasets.SingleAsync(d => d.QualifiedName == "sheet.xlsx");
        Assert.Equal(("시트\uFFFD", "column_3\uFFFD"), (stored.FileRead!.Sheet, stored.FileRead.DroppedColumns.Single()));
        Assert.Equal(("https://x/\uFFFD", "text/\uFFFDcsv", "a\uFFFD"), (stored.LandingPage, stored.Distributions.Single().MediaType, stored.Distributions.Single().Title));
    }

    [Fact]
    public async Task A_dataset_the_catalog_refuses_to_save_fails_alone_with_its_name_and_the_others_publish()
    {
        // Random text does not compress, so this name cannot fit a btree index entry (2704 bytes): PostgreSQL refuses it (54000).
        var random = new Random(7);
        var longName = new string(Enumerable.Range(0, 8000).Select(_ => (char)('가' + random.Next(0, 11000))).ToArray());
        var connector = new ScriptedConnector();
        connector.Next = [Dataset("a.csv", "a"), Dataset(longName, "too long"), Dataset("c.csv", "c")];
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal((2, 2, 1), (run.DatasetsSeen, run.DatasetsAdded, run.DatasetsFailed));
        var error = Assert.Single(run.DatasetErrors);
        Assert.Equal(longName, error.Dataset);
        Assert.StartsWith($"Dataset '{longName[..120]}…' of source 'drop' could not be saved: PostgreSQL refused it (54000: ", error.Error, StringComparison.Ordinal);
        Assert.EndsWith("Its previously published state is kept; a name or value is longer than the catalog can index; shorten it in the source.", error.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred while saving", error.Error, StringComparison.Ordinal);
        await using var db = harness.Catalog();
        Assert.Equal(["a.csv", "c.csv"], await db.Datasets.OrderBy(d => d.QualifiedName).Select(d => d.QualifiedName).ToListAsync());
        Assert.Equal(2, await db.Scores.CountAsync(s => s.Dimension == null));
    }

    [Fact]
    public async Task A_source_that_suddenly_lists_none_of_its_datasets_withdraws_nothing_and_says_why()
    {
        var connector = new ScriptedConnector { Next = [Dataset("a.csv", "a"), Dataset("b.csv", "b"), Dataset("c.csv", "c"), Dataset("d.csv", "d")] };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");
        await harness.Runner.RunAsync("drop", "test", default);

        connector.Next = [];
        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal(0, run.DatasetsWithdrawn);
        Assert.Equal(
            "Source 'drop': this run would withdraw 4 of its 4 published datasets (100 %), more than 'maxWithdrawShare' allows (50 %); nothing was withdrawn. " +
            "If they are really gone, raise 'maxWithdrawShare' in the source's options (\"1\" allows all) and harvest again.",
            Assert.Single(run.Warnings));
        await using var db = harness.Catalog();
        Assert.Equal(4, await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Active));
        Assert.Equal(0, await db.SchemaChanges.CountAsync(c => c.Kind == ChangeKind.DatasetWithdrawn));
    }

    [Fact]
    public async Task A_source_whose_options_allow_it_withdraws_every_dataset_it_no_longer_lists()
    {
        var connector = new ScriptedConnector { Next = [Dataset("a.csv", "a"), Dataset("b.csv", "b")] };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused", new() { ["maxWithdrawShare"] = "100%" });
        await harness.Runner.RunAsync("drop", "test", default);

        connector.Next = [];
        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal((HarvestStatus.Succeeded, 2), (run.Status, run.DatasetsWithdrawn));
        await using var db = harness.Catalog();
        Assert.Equal(2, await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Withdrawn));
    }

    [Fact]
    public async Task A_source_that_drops_one_of_four_datasets_withdraws_it_normally()
    {
        var connector = new ScriptedConnector { Next = [Dataset("a.csv", "a"), Dataset("b.csv", "b"), Dataset("c.csv", "c"), Dataset("d.csv", "d")] };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");
        await harness.Runner.RunAsync("drop", "test", default);

        connector.Next = [Dataset("a.csv", "a"), Dataset("b.csv", "b"), Dataset("c.csv", "c")];
        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal((HarvestStatus.Succeeded, 1), (run.Status, run.DatasetsWithdrawn));
        Assert.Empty(run.Warnings);
        await using var db = harness.Catalog();
        Assert.Equal(DatasetStatus.Withdrawn, (await db.Datasets.SingleAsync(d => d.QualifiedName == "d.csv")).Status);
    }

    [Fact]
    public async Task A_share_option_that_is_not_a_share_fails_the_run_naming_the_option_and_the_forms_it_takes()
    {
        var connector = new ScriptedConnector { Next = [Dataset("a.csv", "a")] };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused", new() { ["maxWithdrawShare"] = "half" });

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.Equal("Source 'drop': option 'maxWithdrawShare' must be a share between 0 and 1 (\"0.5\") or a percentage (\"50%\"), not 'half'.", run.Error);
    }

    [Fact]
    public async Task A_dataset_listed_twice_is_published_once_with_a_warning()
    {
        var connector = new ScriptedConnector { Next = [Dataset("a.csv", "first"), Dataset("a.csv", "second")] };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal((HarvestStatus.Succeeded, 1), (run.Status, run.DatasetsAdded));
        Assert.Equal(["a.csv: listed more than once by the source; the first listing was published."], run.Warnings);
        await using var db = harness.Catalog();
        Assert.Equal("first", (await db.Datasets.SingleAsync()).Title);
    }

    [Fact]
    public async Task More_datasets_than_one_batch_publish_in_one_run_with_every_count_right()
    {
        var count = CatalogPublisher.BatchSize * 2 + 5;
        var connector = new ScriptedConnector { Next = Enumerable.Range(0, count).Select(i => Dataset($"f{i:000}.csv", "t")).ToList() };
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("drop", ScriptedConnector.KindName, "unused");

        var run = await harness.Runner.RunAsync("drop", "test", default);

        Assert.Equal((count, count), (run.DatasetsSeen, run.DatasetsAdded));
        await using var db = harness.Catalog();
        Assert.Equal(count, await db.Datasets.CountAsync());
        Assert.Equal(count, await db.Columns.CountAsync());
    }

    private static ExtractedDataset Dataset(string name, string title, string? description = null, string topValue = "v") => new(
        name,
        new DatasetSnapshot(name, DatasetKind.File, [new ColumnSnapshot("id", 1, "text", Description: description)], new DatasetMetadata { Title = title }, 1),
        [new ColumnProfile("id", 1, 0, 0, 1, false, topValue, topValue, 1, 1, [new ValueCount(topValue, 1)], [new ValueCount("A", 1)], InferredType.Text, Core.Privacy.PiiClass.None)]);

    /// <summary>A connector of the test's own kind that delivers what the test sets; it stands in for "a source that
    /// delivers text PostgreSQL refuses or a listing that suddenly shrinks", which no real source does on demand.</summary>
    private sealed class ScriptedConnector : ISourceConnector
    {
        public const string KindName = "test-scripted";

        public IReadOnlyList<ExtractedDataset> Next { get; set; } = [];

        public IReadOnlyList<string>? NextWarnings { get; set; }

        public string Kind => KindName;

        public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var dataset in Next)
            {
                await Task.Yield();
                yield return dataset with { Warnings = NextWarnings };
            }
        }
    }
}
