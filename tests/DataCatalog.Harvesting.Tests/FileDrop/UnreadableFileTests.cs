using System.Text;
using DataCatalog.Harvesting.Connectors.FileDrop;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>A file that is not text fails alone, with its name and what is wrong; no NUL ever leaves the connector.</summary>
public sealed class UnreadableFileTests : IDisposable
{
    private const string Good = "주차장명,주차면수\n시청,120\n을지로,85\n";

    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    private void WriteBytes(string relativePath, byte[] bytes) => File.WriteAllBytes(_drop.PathOf(relativePath), bytes);

    /// <summary>A PNG-like binary: a signature, then a repeating block where 3 of every 8 bytes are NUL (37.5 %).</summary>
    private static byte[] Binary(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (i % 8) switch
            {
                0 or 1 or 2 => 0,
                3 => 0x89,
                4 => (byte)'P',
                5 => 0x1A,
                6 => 0xFF,
                _ => (byte)(i % 251),
            };
        }

        return bytes;
    }

    [Fact]
    public async Task A_binary_file_named_csv_fails_alone_naming_the_file_and_its_share_of_nul_bytes()
    {
        _drop.Write("a-good.csv", Good);
        WriteBytes("photo.csv", Binary(100_000));
        _drop.Write("z-good.csv", Good, DropFolder.Cp949);

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["a-good.csv", "photo.csv", "z-good.csv"], datasets.Select(d => d.QualifiedName));
        var bad = datasets[1];
        Assert.Null(bad.Snapshot);
        Assert.Equal(
            "photo.csv: not a text file: 38 % NUL bytes in the first 64 KB. "
            + "Fix: remove it from the drop folder, or replace it with the data saved as CSV (UTF-8 or CP949).",
            bad.Error);
        Assert.All([datasets[0], datasets[2]], good =>
        {
            Assert.Null(good.Error);
            Assert.Equal(2, good.Snapshot!.RowCount);
            Assert.Equal(["주차장명", "주차면수"], good.Snapshot.Columns.Select(c => c.Name));
        });
    }

    [Fact]
    public async Task A_text_file_with_a_nul_past_the_examined_head_fails_alone_with_its_line()
    {
        var text = new StringBuilder("번호,이름\n");
        for (var i = 1; i <= 10_000; i++)
        {
            text.Append(i).Append(",값").Append(i).Append('\n');
        }

        text.Append("10001,깨진\0값\n");
        _drop.Write("late-nul.csv", text.ToString());
        _drop.Write("ok.csv", Good);

        var datasets = await _drop.ExtractAsync();

        var bad = datasets.Single(d => d.QualifiedName == "late-nul.csv");
        Assert.Null(bad.Snapshot);
        Assert.Equal(
            "late-nul.csv: not a text file: line 10002 holds a NUL character. Fix: remove it from the drop folder, or re-export the data as CSV (UTF-8 or CP949).",
            bad.Error);
        Assert.Equal(2, datasets.Single(d => d.QualifiedName == "ok.csv").Snapshot!.RowCount);
    }

    [Fact]
    public async Task A_few_nul_bytes_in_the_head_are_enough_to_refuse_the_file()
    {
        _drop.Write("one-nul.csv", "번호,이름\n1,가\0\n2,나\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Snapshot);
        Assert.StartsWith("one-nul.csv: not a text file: 4 % NUL bytes in the first 27 bytes.", dataset.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_bytes_in_bytes_that_are_neither_utf8_nor_cp949_fail_the_file()
    {
        // No NUL, but ESC and other control bytes between bytes no Korean encoding decodes.
        var bytes = new byte[4096];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (i % 16) switch
            {
                0 => 0x1B,
                1 => 0x02,
                2 => 0xFF,
                3 => 0xFE,
                _ => (byte)('a' + (i % 20)),
            };
        }

        WriteBytes("garbage.csv", bytes);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Snapshot);
        Assert.Equal(
            "garbage.csv: not a text file: 13 % control bytes in the first 4 KB, and the bytes are neither UTF-8 nor CP949 text. "
            + "Fix: remove it from the drop folder, or replace it with the data saved as CSV (UTF-8 or CP949).",
            dataset.Error);
    }

    [Fact]
    public async Task A_forced_encoding_does_not_let_a_binary_file_through()
    {
        WriteBytes("photo.csv", Binary(2048));

        var dataset = await _drop.ExtractSingleAsync(("encoding", "cp949"));

        Assert.StartsWith("photo.csv: not a text file: 38 % NUL bytes in the first 2 KB.", dataset.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_utf16_file_with_its_byte_order_mark_is_still_read()
    {
        File.WriteAllBytes(_drop.PathOf("utf16.csv"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Good)]);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal(2, dataset.Snapshot!.RowCount);
    }

    [Fact]
    public async Task No_nul_from_a_sidecar_or_a_workbook_leaves_the_connector()
    {
        _drop.Write("parking.csv", Good);
        _drop.Write("parking.csv.meta.json", "{ \"title\": \"주차\\u0000장\", \"keywords\": [\"주\\u0000차\"] }");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal("주차장", dataset.Snapshot!.Metadata.Title);
        Assert.Equal(["주차"], dataset.Snapshot.Metadata.Keywords);
        AssertNoNul(dataset);
    }

    [Fact]
    public async Task A_binary_portal_resource_is_left_unprofiled_with_a_warning_instead_of_failing_its_source()
    {
        using var stream = new MemoryStream(Binary(8192));

        var (columns, profiles, warnings) = await CsvResourceProfiler.ProfileAsync(stream, "scan.csv", CancellationToken.None);

        Assert.Empty(columns);
        Assert.Empty(profiles);
        Assert.Equal(["scan.csv: not a text file (38 % NUL bytes in the first 8 KB); not profiled."], warnings);
    }

    internal static void AssertNoNul(ExtractedDataset dataset)
    {
        var strings = new List<string?> { dataset.QualifiedName, dataset.Error };
        strings.AddRange(dataset.Warnings ?? []);
        if (dataset.Snapshot is { } s)
        {
            var m = s.Metadata;
            strings.AddRange([m.Title, m.Description, m.Publisher, m.Owner, m.UpdateCycle, m.Licence, m.Theme, m.ContactPoint]);
            strings.AddRange(m.Keywords);
            strings.AddRange(s.Columns.Select(c => c.Name));
        }

        foreach (var p in dataset.Profiles)
        {
            strings.AddRange([p.Column, p.Min, p.Max]);
            strings.AddRange(p.TopValues.Select(v => v.Value));
            strings.AddRange(p.Patterns.Select(v => v.Value));
        }

        Assert.DoesNotContain(strings, v => v is not null && v.Contains('\0', StringComparison.Ordinal));
    }
}
