using System.Text;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>Exports whose every line ends with the delimiter, and header decisions the data cannot make certain.</summary>
public sealed class TrailingDelimiterTests : IDisposable
{
    /// <summary>The 16 columns of a standard-data export (전국주차장정보표준데이터, abridged), every line ending with a comma.</summary>
    private static readonly string[] StandardColumns =
    [
        "주차장관리번호", "주차장명", "주차장구분", "주차장유형", "소재지도로명주소", "소재지지번주소", "주차구획수", "운영요일",
        "평일운영시작시각", "주차기본시간", "주차기본요금", "관리기관명", "전화번호", "위도", "경도", "데이터기준일자",
    ];

    private static readonly string Published = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FileDrop", "RealFiles", "domains.csv"), Encoding.UTF8);

    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    private static string StandardExport()
    {
        var text = new StringBuilder(string.Join(',', StandardColumns)).Append(",\r\n");
        for (var i = 1; i <= 30; i++)
        {
            text.Append($"{i:000}-1-{i:000000},시청 공영주차장 {i},공영,노외,서울특별시 중구 세종대로 {i},서울특별시 중구 태평로1가 {i},{100 + i},평일+토요일,09:00,30,1000,"
                + $"서울특별시 중구청,02-3396-{4000 + i},37.56{i:00},126.97{i:00},2024-0{1 + (i % 9)}-15,\r\n");
        }

        return text.ToString();
    }

    /// <summary>Adds a delimiter at the end of every record (outside quotes), as some exporters write them.</summary>
    private static string WithTrailingDelimiter(string csv)
    {
        var text = new StringBuilder(csv.Length + 4096);
        var inQuotes = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c == '\n')
            {
                text.Append(',');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("cp949", "CP949")]
    public async Task A_hangul_header_ending_with_a_comma_is_a_header_and_the_empty_trailing_column_is_dropped(string encoding, string detected)
    {
        _drop.Write("주차장정보.csv", StandardExport(), encoding == "cp949" ? DropFolder.Cp949 : new UTF8Encoding(false));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        var snapshot = dataset.Snapshot!;
        Assert.Equal(StandardColumns, snapshot.Columns.Select(c => c.Name));
        Assert.Equal(30, snapshot.RowCount);
        Assert.Equal(0, dataset.RejectedRows);
        var profiles = dataset.Profiles.ToDictionary(p => p.Column);
        Assert.Equal(16, profiles.Count);
        Assert.Equal(SemanticType.Latitude, profiles["위도"].Semantic);
        Assert.Equal(InferredType.Date, profiles["데이터기준일자"].InferredType);
        var read = snapshot.FileRead!;
        Assert.Equal(("csv", detected, ",", true, true), (read.Format, read.Encoding, read.Delimiter, read.Header, read.HeaderCertain));
        Assert.Equal(["column_17 (after '데이터기준일자')"], read.DroppedColumns);
        Assert.Equal(
            ["주차장정보.csv: every line ends with the delimiter, so the file has an unnamed column 17 that is empty on every row; "
                + "it was dropped and does not count against completeness."],
            dataset.Warnings);
        // Every cell of the 16 named columns is filled: the dropped column does not pull completeness down.
        Assert.Equal(100d, CompletenessScorer.Evaluate(dataset.Profiles).Score);
    }

    [Theory]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("cp949", "CP949")]
    public async Task The_published_domain_dictionary_with_a_comma_ending_every_record_reads_whole(string encoding, string detected)
    {
        _drop.Write("공통표준도메인.csv", WithTrailingDelimiter(Published), encoding == "cp949" ? DropFolder.Cp949 : new UTF8Encoding(false));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal(0, dataset.RejectedRows);
        Assert.Equal(115, dataset.Snapshot!.RowCount);
        Assert.Equal(13, dataset.Snapshot.Columns.Count);
        Assert.Equal("번호", dataset.Snapshot.Columns[0].Name);
        Assert.Equal("허용값", dataset.Snapshot.Columns[^1].Name);
        Assert.Equal(detected, dataset.Snapshot.FileRead!.Encoding);
        Assert.True(dataset.Snapshot.FileRead.Header);
        Assert.Equal(["column_14 (after '허용값')"], dataset.Snapshot.FileRead.DroppedColumns);
        Assert.Equal(112, dataset.Profiles.Single(p => p.Column == "공통표준도메인명").Distinct);
    }

    [Fact]
    public async Task The_published_domain_dictionary_as_published_drops_nothing_and_is_certain()
    {
        _drop.Write("공통표준도메인.csv", Published);

        var dataset = await _drop.ExtractSingleAsync();

        var read = dataset.Snapshot!.FileRead!;
        Assert.Equal(("csv", "UTF-8", ",", true, true), (read.Format, read.Encoding, read.Delimiter, read.Header, read.HeaderCertain));
        Assert.Empty(read.DroppedColumns);
        Assert.Empty(dataset.Warnings!);
    }

    [Fact]
    public async Task A_trailing_column_that_holds_values_further_down_is_kept_and_warned_about()
    {
        var text = new StringBuilder("번호,이름,\n");
        for (var i = 1; i <= 25; i++)
        {
            text.Append(i).Append(",값").Append(i).Append(',').Append(i == 25 ? "비고" : "").Append('\n');
        }

        _drop.Write("late.csv", text.ToString());

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["번호", "이름", "column_3"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Empty(dataset.Snapshot.FileRead!.DroppedColumns);
        Assert.Equal(
            ["late.csv: the unnamed last column 3 (every sampled line ended with the delimiter) holds values on 1 rows, so it was kept as 'column_3'. "
                + "Fix: give it a name in the header line."],
            dataset.Warnings);
    }

    [Fact]
    public async Task A_header_line_alone_ending_with_the_delimiter_loses_its_empty_cell_and_no_row_is_rejected()
    {
        _drop.Write("header-only-comma.csv", "번호,이름,\n1,가\n2,나\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["번호", "이름"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(2, dataset.Snapshot.RowCount);
        Assert.Equal(0, dataset.RejectedRows);
        Assert.Equal(["header-only-comma.csv: the header line ends with the delimiter and the rows do not; its empty last cell was ignored."], dataset.Warnings);
    }

    [Fact]
    public async Task An_uncertain_header_is_taken_and_the_warning_says_how_to_override_it()
    {
        // Free text everywhere: only the class words (명, 주소) say the first line names the columns.
        _drop.Write("text.csv", "시설명,주소\n시청,서울특별시 중구 세종대로\n구청 별관,서울특별시 중구 을지로 100\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["시설명", "주소"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.False(dataset.Snapshot.FileRead!.HeaderCertain);
        Assert.Equal(
            ["text.csv: the first line was read as the header because 2 of its 2 cells end in a class word such as 명, 코드 or 일자, "
                + "but no column below differs from it in kind. If it is data, set the source option header=false."],
            dataset.Warnings);
    }

    [Fact]
    public async Task An_uncertain_headerless_decision_says_how_to_override_it()
    {
        _drop.Write("free.csv", "시청,서울특별시 중구\n을지로,서울특별시 중구 을지로\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(["column_1", "column_2"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.False(dataset.Snapshot.FileRead!.Header);
        Assert.False(dataset.Snapshot.FileRead.HeaderCertain);
        Assert.Equal(
            ["free.csv: the first line was read as data because no column below differs from the first line in kind (all free text). "
                + "If it names the columns, set the source option header=true."],
            dataset.Warnings);
    }

    [Fact]
    public async Task A_forced_header_is_certain_and_not_warned_about()
    {
        _drop.Write("free.csv", "시청,서울특별시 중구\n을지로,서울특별시 중구 을지로\n");

        var dataset = await _drop.ExtractSingleAsync(("header", "true"));

        Assert.True(dataset.Snapshot!.FileRead!.HeaderCertain);
        Assert.Empty(dataset.Warnings!);
    }
}
