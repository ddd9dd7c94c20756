using System.Text;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>A real published Korean file (the common-standard domain dictionary, see RealFiles/SOURCES.md), as UTF-8 and
/// as the CP949 an Excel user would save it in.</summary>
public sealed class PublishedFileTests : IDisposable
{
    private static readonly string Published = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FileDrop", "RealFiles", "domains.csv"), Encoding.UTF8);
    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Theory]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("cp949", "CP949")]
    public async Task The_common_standard_domain_dictionary_reads_whole_in_either_encoding(string encoding, string detected)
    {
        _drop.Write("공통표준도메인.csv", Published, encoding == "cp949" ? DropFolder.Cp949 : new UTF8Encoding(false));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal(0, dataset.RejectedRows);
        var snapshot = dataset.Snapshot!;
        Assert.Equal(115, snapshot.RowCount);
        Assert.Equal(
            ["번호", "제정차수(제정연월)", "공통표준도메인그룹명", "공통표준도메인분류명", "공통표준도메인명", "공통표준도메인설명", "데이터타입",
             "데이터길이", "데이터소수점길이", "저장 형식", "표현 형식", "단위", "허용값"],
            snapshot.Columns.Select(c => c.Name));
        Assert.Contains($"encoding={detected}", snapshot.Metadata.Distributions.Single().Title, StringComparison.Ordinal);
        var profiles = dataset.Profiles.ToDictionary(p => p.Column);
        // Three retired domains were re-enacted under the same name.
        Assert.Equal(112, profiles["공통표준도메인명"].Distinct);
        Assert.Contains(profiles["데이터타입"].TopValues, v => v.Value == "VARCHAR");
        // Retired rows carry "-" in 번호: the column is a code column, not a number.
        Assert.Equal(InferredType.Text, profiles["번호"].InferredType);
        Assert.Equal(3, profiles["번호"].TopValues.Single(v => v.Value == "-").Count);
    }
}
