using System.Text;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Standards;

namespace DataCatalog.Harvesting.Tests.Standards;

/// <summary>The shipped 2024-11 files and an 8th-edition file built from their real rows, written to a temp folder in UTF-8,
/// UTF-8 with BOM and CP949, read back through the strict encoding decision.</summary>
public sealed class StandardDictionaryFileTests : IDisposable
{
    private const string EighthTermsHeader = "공통표준용어명,공통표준용어설명,공통표준용어영문약어명,공통표준도메인명,허용값,저장 형식,표현 형식,행정표준코드명,소관기관명,용어 이음동의어 목록,제정차수,개정구분명(폐기 또는 변경),개정항목,개정사유";

    private readonly string _folder = Directory.CreateTempSubdirectory("datacatalog-standard-files-").FullName;

    static StandardDictionaryFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("words.csv", "UTF-8", 2398, 2)]
    [InlineData("terms.csv", "UTF-8", 9039, 12)]
    [InlineData("domains.csv", "UTF-8", 115, 3)]
    [InlineData("words.csv", "UTF-8 BOM", 2398, 2)]
    [InlineData("words.csv", "CP949", 2398, 2)]
    [InlineData("terms.csv", "CP949", 9039, 12)]
    [InlineData("domains.csv", "CP949", 115, 3)]
    public async Task The_shipped_files_read_to_their_published_counts_in_every_encoding(string file, string encoding, int rows, int retired)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, file));
        var path = Path.Combine(_folder, file);
        await File.WriteAllBytesAsync(path, Encode(text, encoding));

        var read = await StandardDictionaryFile.ReadAsync(path, CancellationToken.None);

        Assert.Empty(read.Errors);
        Assert.Equal(encoding, read.Encoding);
        Assert.Equal(rows, read.Parse.Rows);
        Assert.Equal(retired, read.Parse.Retired);
        Assert.Equal(StandardFileLayout.Seventh, read.Parse.Layout);
    }

    [Fact]
    public async Task The_utf8_file_hashes_to_the_sha256_its_sources_page_publishes()
    {
        var read = await StandardDictionaryFile.ReadAsync(Path.Combine(StandardsDatabase.ShippedFolder, "terms.csv"), CancellationToken.None);

        Assert.Equal("1f56b2b3275d141ec5ee88c6e05c47319f7560883ae8b8434c0c4a4a14e0290b", read.Sha256);
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("CP949")]
    public async Task An_eighth_edition_terms_file_of_real_rows_reads_in_both_encodings(string encoding)
    {
        var path = Path.Combine(_folder, "공통표준용어_20251101.csv");
        await File.WriteAllBytesAsync(path, Encode(await EighthEditionTermsAsync(), encoding));

        var read = await StandardDictionaryFile.ReadAsync(path, CancellationToken.None);

        Assert.Empty(read.Errors);
        Assert.Equal(encoding, read.Encoding);
        Assert.Equal(StandardFileLayout.Eighth, read.Parse.Layout);
        Assert.Equal(["개방여부", "등록일자", "주차장명", "설문제목명"], read.Parse.Terms.Select(t => t.Name));
        Assert.Equal(["OPN_YN", "REG_YMD", "PKLT_NM", "SRVY_TTL_NM"], read.Parse.Terms.Select(t => t.Abbreviation));
        Assert.Equal([false, false, false, true], read.Parse.Terms.Select(t => t.Retired));
        Assert.Equal("Y : 여(예),\nN : 부(아니요)", read.Parse.Terms[0].AllowedValues);
    }

    [Fact]
    public async Task A_file_in_another_encoding_is_refused_rather_than_read_as_mojibake()
    {
        var path = Path.Combine(_folder, "words-utf16.csv");
        var text = await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "words.csv"));
        await File.WriteAllBytesAsync(path, [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)]);

        var read = await StandardDictionaryFile.ReadAsync(path, CancellationToken.None);

        Assert.Equal(["words-utf16.csv: line 1: the file is neither UTF-8 nor CP949 (it looks like UTF-16LE); save it as UTF-8 CSV"], read.Errors);
    }

    /// <summary>Real 2024-11 rows of terms.csv rewritten in the 8th layout: no 번호, 제정차수 and the revision columns last;
    /// the 7th edition's retired row (번호 = -) becomes 개정구분명 = 폐기.</summary>
    internal static async Task<string> EighthEditionTermsAsync()
    {
        var seventh = StandardDictionaryParser.Parse(await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "terms.csv")));
        var rows = new[] { "개방여부", "등록일자", "주차장명", "설문제목명" }.Select(name => seventh.Terms.First(t => t.Name == name));
        var builder = new StringBuilder(EighthTermsHeader).Append('\n');
        foreach (var t in rows)
        {
            string[] cells = [t.Name, t.Description ?? "-", t.Abbreviation, t.DomainName ?? "-", t.AllowedValues ?? "-", t.StorageFormat ?? "-",
                t.DisplayFormat ?? "-", t.AdministrativeCode ?? "-", t.Authority ?? "-", t.Synonyms.Count == 0 ? "-" : string.Join(", ", t.Synonyms),
                (t.Enacted ?? "-").Replace("(폐기)", "", StringComparison.Ordinal), t.Retired ? "폐기" : "-", t.Retired ? "용어명" : "-", t.Retired ? "사용 중지" : "-"];
            builder.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return builder.ToString();
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static byte[] Encode(string text, string encoding) => encoding switch
    {
        "CP949" => Encoding.GetEncoding(949).GetBytes(text),
        "UTF-8 BOM" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
        _ => new UTF8Encoding(false).GetBytes(text),
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
