using System.Globalization;
using CsvHelper;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Reports;

namespace DataCatalog.Api.Publishing;

/// <summary>The national portal's catalogue list (목록 CSV, UTF-8 with BOM, STANDARDS.md §4): its 36 columns in order.</summary>
internal static class PortalCatalogueCsv
{
    public static readonly string[] Columns =
    [
        "목록키", "목록유형", "목록명", "파일데이터명", "분류체계", "제공기관코드", "제공기관", "관리 부서명", "관리부서 전화번호", "보유근거",
        "수집방법", "업데이트 주기", "차기 등록 예정일", "매체유형", "전체행", "확장자(데이터포맷)", "키워드", "다운로드_활용신청건수", "등록일", "수정일",
        "데이터 한계", "제공형태", "설명", "기타 유의사항", "공간범위", "시간범위", "비용부과유무", "비용부과기준 및 단위", "이용허락범위", "API 유형",
        "신청가능 트래픽", "심의 유형", "조회수", "목록 URL", "국가중점여부", "표준데이터여부",
    ];

    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.None,
    };

    /// <summary>Writes the header and then every page <paramref name="pages"/> yields, one row per dataset.</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<PublishedPage> pages, string baseUrl, string? institutionCode, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var dataset in page.Datasets)
            {
                foreach (var cell in Row(dataset, baseUrl, institutionCode))
                {
                    csv.WriteField(CsvCell.Neutralise(cell));
                }

                await csv.EndRecordAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The 36 cells of one dataset; what the catalog does not know stays empty rather than guessed.</summary>
    public static string?[] Row(PublishedDataset d, string baseUrl, string? institutionCode)
    {
        var formats = d.Distributions.Select(x => x.Format).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!.ToUpperInvariant())
            .Concat(d.Kind == DatasetKind.File ? [Path.GetExtension(d.QualifiedName).TrimStart('.').ToUpperInvariant()] : [])
            .Where(f => f.Length > 0).Distinct(StringComparer.Ordinal);
        var quality = string.Join(", ", new[]
        {
            d.OverallScore is { } score ? $"품질점수 {DcatVocabulary.Number(score)}" : null,
            d.Grade is { } grade ? $"AI 활용 등급 {grade}" : null,
        }.Where(s => s is not null));
        return
        [
            DcatVocabulary.Identifier(d),
            d.Kind is DatasetKind.File or DatasetKind.PortalDataset ? "파일데이터" : "데이터베이스",
            d.Title ?? d.QualifiedName,
            d.QualifiedName,
            d.Theme,
            institutionCode,
            DcatVocabulary.Publisher(d),
            d.DepartmentName,
            d.ContactPoint is { } contact && !contact.Contains('@', StringComparison.Ordinal) && contact.Any(char.IsDigit) ? contact : null,
            null,
            d.Kind switch { DatasetKind.PortalDataset => "포털 수집", DatasetKind.File => "파일 수집", _ => "DB 수집" },
            d.UpdateCycle,
            null,
            d.Kind == DatasetKind.PortalDataset || d.Kind == DatasetKind.File ? "파일" : "DB",
            d.RowCount?.ToString(CultureInfo.InvariantCulture),
            string.Join(",", formats),
            string.Join(",", d.Keywords),
            null,
            Day(d.Issued ?? d.FirstSeenAt),
            Day(d.Modified ?? d.LastSeenAt),
            null,
            d.Distributions.Count > 0 ? "파일 다운로드" : null,
            d.Description,
            quality.Length == 0 ? null : quality,
            null,
            null,
            "무료",
            null,
            d.Licence,
            null,
            null,
            null,
            null,
            d.LandingPage ?? DcatVocabulary.DatasetIri(baseUrl, d),
            "N",
            "N",
        ];
    }

    private static string Day(DateTimeOffset instant) => instant.ToOffset(ReportScope.Kst).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
