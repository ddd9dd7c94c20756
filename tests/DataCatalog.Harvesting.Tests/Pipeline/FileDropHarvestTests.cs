using DataCatalog.Core.Privacy;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Tests.FileDrop;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Pipeline;

/// <summary>A drop folder harvested end to end into the real catalog database.</summary>
public sealed class FileDropHarvestTests : IDisposable
{
    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Fact]
    public async Task A_binary_and_a_nul_bearing_file_fail_alone_and_the_run_is_partial_with_the_good_files_published()
    {
        _drop.Write("parking.csv", "주차장명,관리기관전화번호,담당자,주차면수\n시청,02-120-1234,김민준,120\n을지로,02-120-1234,김민준,85\n남산,02-3783-5900,박서연,40\n");
        _drop.Write("stops.csv", "정류소명,정류소번호\n시청앞,01001\n광화문,01002\n", DropFolder.Cp949);
        var binary = new byte[8192];
        for (var i = 0; i < binary.Length; i += 2)
        {
            binary[i] = (byte)(i % 200 + 1);
        }

        File.WriteAllBytes(_drop.PathOf("scan.csv"), binary);
        _drop.Write("nul.csv", "번호,이름\n1,가\0나\n");
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("culture-drop", SourceKind.FileDrop, _drop.Root);

        var run = await harness.Runner.RunAsync("culture-drop", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal((2, 2, 2), (run.DatasetsSeen, run.DatasetsAdded, run.DatasetsFailed));
        Assert.Equal(["nul.csv", "scan.csv"], run.DatasetErrors.Select(e => e.Dataset).Order(StringComparer.Ordinal));
        Assert.StartsWith("nul.csv: not a text file: ", run.DatasetErrors.Single(e => e.Dataset == "nul.csv").Error, StringComparison.Ordinal);
        Assert.StartsWith("scan.csv: not a text file: 50 % NUL bytes in the first 8 KB.", run.DatasetErrors.Single(e => e.Dataset == "scan.csv").Error, StringComparison.Ordinal);
        Assert.Null(run.Error);

        await using var db = harness.Catalog();
        var parking = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "parking.csv");
        Assert.Equal(3, parking.RowCount);
        Assert.Equal(("csv", "UTF-8", ",", true), (parking.FileRead!.Format, parking.FileRead.Encoding, parking.FileRead.Delimiter, parking.FileRead.Header));
        var phone = parking.Columns.Single(c => c.Name == "관리기관전화번호");
        Assert.Equal(PiiClass.InstitutionalContact, phone.PiiClass);
        Assert.Equal("02-120-1234", phone.Profile!.TopValues[0].Value);
        var manager = parking.Columns.Single(c => c.Name == "담당자");
        Assert.Equal(PiiClass.PersonName, manager.PiiClass);
        Assert.Equal([new Core.Profiling.ValueCount("김*준", 2)], manager.Profile!.TopValues);
        Assert.Null(manager.Profile.Min);
        Assert.Equal("CP949", (await db.Datasets.SingleAsync(d => d.QualifiedName == "stops.csv")).FileRead!.Encoding);
    }

    [Fact]
    public async Task A_trailing_delimiter_warning_reaches_the_run()
    {
        _drop.Write("export.csv", "주차장명,주차면수,\n시청,120,\n을지로,85,\n");
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("export-drop", SourceKind.FileDrop, _drop.Root);

        var run = await harness.Runner.RunAsync("export-drop", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(
            ["export.csv: export.csv: every line ends with the delimiter, so the file has an unnamed column 3 that is empty on every row; "
                + "it was dropped and does not count against completeness."],
            run.Warnings);
        await using var db = harness.Catalog();
        var dataset = await db.Datasets.SingleAsync(d => d.QualifiedName == "export.csv");
        Assert.Equal(["column_3 (after '주차면수')"], dataset.FileRead!.DroppedColumns);
        // The dropped column counts against nothing: every remaining cell is filled.
        var completeness = await db.Scores.Where(x => x.DatasetId == dataset.Id && x.Dimension == QualityDimension.Completeness).Select(x => x.Value).SingleAsync();
        Assert.Equal(100d, completeness);
    }
}
