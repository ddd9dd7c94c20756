using System.Text;
using DataCatalog.Core.Catalog;

namespace DataCatalog.Harvesting.Tests.FileDrop;

public sealed class DelimitedFileTests : IDisposable
{
    private const string Parking =
        "주차장명,주소,전화번호,주차면수\r\n"
        + "시청 공영주차장,서울특별시 중구 세종대로 110,02-120-1234,120\r\n"
        + "을지로 공영주차장,서울특별시 중구 을지로 100,,85\r\n"
        + "\"남산 \"\"큰\"\" 주차장\",\"서울특별시 중구\r\n남산공원길 105\",02-3783-5900,40\r\n";

    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Theory]
    [InlineData("utf-8", false, "UTF-8")]
    [InlineData("utf-8", true, "UTF-8 BOM")]
    [InlineData("cp949", false, "CP949")]
    public async Task Hangul_names_and_values_read_back_exactly_whatever_the_encoding(string encoding, bool bom, string detected)
    {
        _drop.Write("parking.csv", Parking, encoding == "cp949" ? DropFolder.Cp949 : new UTF8Encoding(false), bom);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        var snapshot = dataset.Snapshot!;
        Assert.Equal("parking.csv", snapshot.QualifiedName);
        Assert.Equal(DatasetKind.File, snapshot.Kind);
        Assert.Equal(["주차장명", "주소", "전화번호", "주차면수"], snapshot.Columns.Select(c => c.Name));
        Assert.Equal([1, 2, 3, 4], snapshot.Columns.Select(c => c.Ordinal));
        Assert.Equal(3, snapshot.RowCount);
        Assert.Equal(0, dataset.RejectedRows);
        Assert.Equal(new Distribution("csv", "parking.csv", $"encoding={detected}; delimiter=,; header=true"), Assert.Single(snapshot.Metadata.Distributions));
        Assert.Equal(["남산 \"큰\" 주차장", "시청 공영주차장", "을지로 공영주차장"], dataset.Profiles[0].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Contains(dataset.Profiles[1].TopValues, v => v.Value == "서울특별시 중구\r\n남산공원길 105");
        // A parking lot's phone is its published contact, not personal data: shown as it is.
        Assert.Equal(DataCatalog.Core.Privacy.PiiClass.InstitutionalContact, dataset.Profiles[2].Pii);
        Assert.Equal("02-120-1234", dataset.Profiles[2].Min);
        Assert.Contains(dataset.Profiles[2].TopValues, v => v.Value == "02-3783-5900");
    }

    [Fact]
    public async Task An_empty_cell_makes_its_column_nullable_and_counts_as_null()
    {
        _drop.Write("parking.csv", Parking);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal([false, false, true, false], dataset.Snapshot!.Columns.Select(c => c.IsNullable));
        Assert.Equal(1, dataset.Profiles[2].Nulls);
        Assert.Equal(3, dataset.Profiles[2].Rows);
        Assert.All(dataset.Snapshot.Columns.Zip(dataset.Profiles),
            pair => Assert.Equal(pair.Second.InferredType.ToString().ToLowerInvariant(), pair.First.DataType));
    }

    [Fact]
    public async Task A_ragged_row_is_rejected_and_reported_with_its_physical_line()
    {
        _drop.Write("ragged.csv",
            "주차장명,주차면수,개방여부\n"
            + "시청,120,Y\n"
            + "을지로,85\n"
            + "\"남산\n주차장\",40,N\n"
            + "서울역,300,Y,초과\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(2, dataset.RejectedRows);
        Assert.Equal(2, dataset.Snapshot!.RowCount);
        Assert.Equal(["ragged.csv: line 3 has 2 fields, expected 3", "ragged.csv: line 6 has 4 fields, expected 3"], dataset.Warnings);
        Assert.Equal(["남산\n주차장", "시청"], dataset.Profiles[0].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Warnings_beyond_maxWarnings_are_counted_in_one_line()
    {
        var text = new StringBuilder("번호,이름\n1,가\n2,나\n");
        for (var i = 0; i < 25; i++)
        {
            text.Append("x,y,z\n");
        }

        _drop.Write("cap.csv", text.ToString());

        var dataset = await _drop.ExtractSingleAsync(("maxWarnings", "5"));

        Assert.Equal(25, dataset.RejectedRows);
        Assert.Equal(2, dataset.Snapshot!.RowCount);
        Assert.Equal(6, dataset.Warnings!.Count);
        Assert.Equal("cap.csv: line 4 has 3 fields, expected 2", dataset.Warnings[0]);
        Assert.Equal("cap.csv: 20 more warnings not shown (maxWarnings = 5)", dataset.Warnings[5]);
    }

    [Fact]
    public async Task A_stray_quote_is_read_as_text_and_warned_about_with_its_line()
    {
        _drop.Write("quotes.csv", "주차장명,주차면수\n시청,120\n을지로 \"A\"동,85\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(2, dataset.Snapshot!.RowCount);
        Assert.Contains(dataset.Profiles[0].TopValues, v => v.Value == "을지로 \"A\"동");
        Assert.StartsWith("quotes.csv: line 3 has malformed quoting (StrayQuote)", Assert.Single(dataset.Warnings!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_header_names_its_blank_cells_by_position()
    {
        _drop.Write("blank.csv", "주차장명,,주차면수\n시청,중구,120\n");

        var dataset = await _drop.ExtractSingleAsync(("header", "true"));

        Assert.Equal(["주차장명", "column_2", "주차면수"], dataset.Snapshot!.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task An_empty_file_is_a_dataset_without_columns_and_says_so()
    {
        _drop.Write("empty.csv", string.Empty);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Empty(dataset.Snapshot!.Columns);
        Assert.Empty(dataset.Profiles);
        Assert.Equal(0, dataset.Snapshot.RowCount);
        Assert.Equal(["empty.csv: empty file"], dataset.Warnings);
    }

    [Fact]
    public async Task A_header_only_file_has_its_columns_and_no_rows()
    {
        _drop.Write("header.csv", "주차장명,주소,전화번호\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["주차장명", "주소", "전화번호"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(0, dataset.Snapshot.RowCount);
        Assert.All(dataset.Profiles, p => Assert.Equal(0, p.Rows));
        Assert.Empty(dataset.Warnings!);
    }

    [Fact]
    public async Task A_semicolon_file_with_commas_in_its_values_is_split_on_semicolons()
    {
        _drop.Write("fees.csv", "주차장명;주차면수;요금\n시청;120;1,000\n을지로;85;2,500\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["주차장명", "주차면수", "요금"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal("encoding=UTF-8; delimiter=;; header=true", dataset.Snapshot.Metadata.Distributions[0].Title);
        Assert.Equal(["1,000", "2,500"], dataset.Profiles[2].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tab_separated_csv_is_detected()
    {
        _drop.Write("tabs.csv", "주차장명\t주차면수\n시청\t120\n을지로\t85\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["주차장명", "주차면수"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal("encoding=UTF-8; delimiter=tab; header=true", dataset.Snapshot.Metadata.Distributions[0].Title);
    }

    [Fact]
    public async Task A_tsv_file_is_split_on_tabs_even_when_commas_look_as_consistent()
    {
        _drop.Write("names.tsv", "이름,별칭\t번호\n가,나\t1\n다,라\t2\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["이름,별칭", "번호"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal("tsv", dataset.Snapshot.Metadata.Distributions[0].Format);
    }

    [Fact]
    public async Task Yyyymmdd_values_below_a_text_header_keep_the_header_and_their_exact_text()
    {
        _drop.Write("dates.csv", "기준일자,주차장명\n20240131,시청\n20240229,을지로\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["기준일자", "주차장명"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(2, dataset.Snapshot.RowCount);
        Assert.Equal("20240131", dataset.Profiles[0].Min);
        Assert.Equal("20240229", dataset.Profiles[0].Max);
    }

    [Fact]
    public async Task A_file_that_starts_with_data_gets_generated_column_names()
    {
        _drop.Write("noheader.csv", "20240131,시청,120\n20240229,을지로,85\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["column_1", "column_2", "column_3"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(2, dataset.Snapshot.RowCount);
        Assert.EndsWith("header=false", dataset.Snapshot.Metadata.Distributions[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delimiter_and_header_options_override_detection()
    {
        _drop.Write("forced.csv", "a|b,c\n1|2,3\n");

        var dataset = await _drop.ExtractSingleAsync(("delimiter", "|"), ("header", "false"));

        Assert.Equal(["column_1", "column_2"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(2, dataset.Snapshot.RowCount);
        Assert.Equal(["2,3", "b,c"], dataset.Profiles[1].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_encoding_option_forces_cp949_on_bytes_that_would_pass_as_utf8()
    {
        // "가" in UTF-8 (EA B0 80) is not what the file means when the department says it is CP949.
        _drop.Write("forced.csv", "주차장명\n시청\n", new UTF8Encoding(false));

        var dataset = await _drop.ExtractSingleAsync(("encoding", "euc-kr"));

        Assert.StartsWith("encoding=CP949;", dataset.Snapshot!.Metadata.Distributions[0].Title, StringComparison.Ordinal);
        Assert.NotEqual("주차장명", dataset.Snapshot.Columns[0].Name);
    }

    [Fact]
    public async Task A_utf8_file_cut_mid_character_at_the_sample_boundary_is_still_utf8()
    {
        // A 4-byte first line then 10-byte lines put byte 65536 two bytes into a three-byte character: (65536 - 4) mod 10 = 2.
        var text = new StringBuilder("가\n");
        while (Encoding.UTF8.GetByteCount(text.ToString()) < 70_000)
        {
            text.Append("나다라\n");
        }

        _drop.Write("long.csv", text.ToString());

        var dataset = await _drop.ExtractSingleAsync();

        Assert.StartsWith("encoding=UTF-8;", dataset.Snapshot!.Metadata.Distributions[0].Title, StringComparison.Ordinal);
        Assert.Equal("가", dataset.Snapshot.Columns[0].Name);
        Assert.Equal("나다라", Assert.Single(dataset.Profiles[0].TopValues).Value);
    }
}
