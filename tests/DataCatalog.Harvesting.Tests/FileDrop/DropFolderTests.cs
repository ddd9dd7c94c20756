using DataCatalog.Harvesting.Connectors.FileDrop;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Tests.FileDrop;

public sealed class DropFolderTests : IDisposable
{
    private readonly DropFolder _drop = new();
    private readonly DropFolder _outside = new();

    public void Dispose()
    {
        _drop.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task Data_files_are_datasets_in_relative_path_order_and_other_files_are_ignored()
    {
        _drop.Write("b.csv", "번호\n1\n");
        _drop.Write("a/z.tsv", "번호\n1\n");
        _drop.Write("a.csv", "번호\n1\n");
        _drop.Write("readme.txt", "설명\n");
        _drop.Write("a/notes.md", "# 메모\n");

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["a.csv", "a/z.tsv", "b.csv"], datasets.Select(d => d.QualifiedName));
        Assert.All(datasets, d => Assert.Equal(d.QualifiedName, d.Snapshot!.QualifiedName));
    }

    [Fact]
    public async Task A_missing_drop_root_throws_naming_the_source_the_folder_and_the_fix()
    {
        var missing = Path.Combine(_drop.Root, "not-mounted");

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => DropFolder.ExtractAsync(missing));

        Assert.Contains("'parking-drop'", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_encoding_option_throws_naming_the_source_and_the_accepted_values()
    {
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => _drop.ExtractAsync(("encoding", "latin1")));

        Assert.Equal(
            "Source 'parking-drop': option 'encoding' has the value 'latin1', which the file-drop connector cannot use. "
            + "Fix: set it to utf-8, cp949 or euc-kr, or remove it to detect.", error.Message);
    }

    [Fact]
    public async Task Links_to_files_and_folders_outside_the_root_are_refused_and_links_inside_are_read()
    {
        _outside.Write("secret/resident.csv", "주민번호\n900101-1234567\n");
        _drop.Write("data/a.csv", "번호\n1\n2\n");
        File.CreateSymbolicLink(_drop.PathOf("inside.csv"), _drop.PathOf("data/a.csv"));
        File.CreateSymbolicLink(_drop.PathOf("sub/up.csv"), Path.GetRelativePath(_drop.PathOf("sub"), _outside.PathOf("secret/resident.csv")));
        Directory.CreateSymbolicLink(_drop.PathOf("outdir"), _outside.PathOf("secret"));

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["data/a.csv", "inside.csv", "outdir", "sub/up.csv"], datasets.Select(d => d.QualifiedName));
        Assert.Equal(2, datasets[1].Snapshot!.RowCount);
        foreach (var refused in new[] { datasets[2], datasets[3] })
        {
            Assert.Null(refused.Snapshot);
            Assert.Contains("outside the drop root, so it was not read", refused.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(datasets, d => d.Profiles.Any(p => p.TopValues.Any(v => v.Value.StartsWith("900101", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_sidecar_linked_from_outside_the_root_is_not_read_and_is_warned_about()
    {
        _outside.Write("meta.json", "{ \"title\": \"외부 제목\" }");
        _drop.Write("parking.csv", "주차장명,주차면수\n시청,120\n");
        File.CreateSymbolicLink(_drop.PathOf("parking.csv.meta.json"), _outside.PathOf("meta.json"));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal("parking.csv", dataset.Snapshot!.Metadata.Title);
        Assert.StartsWith("parking.csv.meta.json: is a link to '", Assert.Single(dataset.Warnings!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_back_to_an_enclosing_folder_does_not_walk_forever()
    {
        _drop.Write("data/a.csv", "번호\n1\n");
        Directory.CreateSymbolicLink(_drop.PathOf("data/loop"), _drop.Root);

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["data/a.csv"], datasets.Select(d => d.QualifiedName));
    }

    [Fact]
    public async Task A_corrupt_workbook_fails_alone_and_the_other_files_still_publish()
    {
        _drop.Write("broken.xlsx", "이것은 엑셀 파일이 아닙니다");
        _drop.Write("parking.csv", "주차장명,주차면수\n시청,120\n");

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["broken.xlsx", "parking.csv"], datasets.Select(d => d.QualifiedName));
        Assert.Null(datasets[0].Snapshot);
        Assert.StartsWith("broken.xlsx: could not be read (", datasets[0].Error, StringComparison.Ordinal);
        Assert.Null(datasets[1].Error);
        Assert.Equal(1, datasets[1].Snapshot!.RowCount);
    }

    [Fact]
    public void The_connector_reports_the_file_drop_kind() =>
        Assert.Equal("file-drop", new FileDropConnector().Kind);

    [Fact]
    public async Task A_link_through_a_nested_folder_link_that_leaves_the_root_is_refused()
    {
        _outside.Write("secret/resident.csv", "주민번호\n900101-1234568\n");
        _drop.Write("data/a.csv", "번호\n1\n2\n");
        // inside/escape is a folder link out of the root; the file link below only names a path inside the root.
        Directory.CreateDirectory(_drop.PathOf("inside"));
        Directory.CreateSymbolicLink(_drop.PathOf("inside/escape"), _outside.PathOf("secret"));
        File.CreateSymbolicLink(_drop.PathOf("looks-inside.csv"), "inside/escape/resident.csv");
        File.CreateSymbolicLink(_drop.PathOf("deeper/also.csv"), "../inside/escape/../secret/resident.csv");

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["data/a.csv", "deeper/also.csv", "inside/escape", "looks-inside.csv"], datasets.Select(d => d.QualifiedName));
        foreach (var refused in datasets.Skip(1))
        {
            Assert.Null(refused.Snapshot);
            Assert.Contains("outside the drop root, so it was not read", refused.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(datasets, d => d.Profiles.Any(p => p.TopValues.Any(v => v.Value.StartsWith("900101", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_link_through_a_nested_folder_link_that_stays_inside_the_root_is_read()
    {
        _drop.Write("data/2024/a.csv", "번호\n1\n2\n3\n");
        Directory.CreateSymbolicLink(_drop.PathOf("latest"), "data/2024");
        File.CreateSymbolicLink(_drop.PathOf("current.csv"), "latest/a.csv");

        var datasets = await _drop.ExtractAsync();

        var current = datasets.Single(d => d.QualifiedName == "current.csv");
        Assert.Null(current.Error);
        Assert.Equal(3, current.Snapshot!.RowCount);
    }
}
