using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>Writes the smallest OpenXML workbook ExcelDataReader reads: inline strings, numbers and dates (style 1 = date format 14).</summary>
public static class XlsxTestWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <param name="sheets">Sheets with rows of cells: string, a number (int, double) or DateOnly; null leaves the cell out.</param>
    public static void Write(string path, params (string Name, object?[][] Rows)[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var overrides = string.Concat(sheets.Select((_, i) =>
            $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
        Add(zip, "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + overrides + "</Types>");
        Add(zip, "_rels/.rels",
            $"<Relationships xmlns=\"{PackageRel}\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Add(zip, "xl/workbook.xml",
            $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets>"
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>"))
            + "</sheets></workbook>");
        Add(zip, "xl/_rels/workbook.xml.rels",
            $"<Relationships xmlns=\"{PackageRel}\">"
            + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + $"<Relationship Id=\"rIdStyles\" Type=\"{Rel}/styles\" Target=\"styles.xml\"/></Relationships>");
        Add(zip, "xl/styles.xml",
            $"<styleSheet xmlns=\"{Main}\"><fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills>"
            + "<borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
            + "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
        for (var i = 0; i < sheets.Length; i++)
        {
            Add(zip, $"xl/worksheets/sheet{i + 1}.xml", $"<worksheet xmlns=\"{Main}\"><sheetData>{Rows(sheets[i].Rows)}</sheetData></worksheet>");
        }
    }

    private static string Rows(object?[][] rows)
    {
        var xml = new StringBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r + 1}";
                xml.Append(rows[r][c] switch
                {
                    null => string.Empty,
                    string s => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>",
                    DateOnly d => $"<c r=\"{reference}\" s=\"1\"><v>{d.DayNumber - new DateOnly(1899, 12, 30).DayNumber}</v></c>",
                    IFormattable n => $"<c r=\"{reference}\"><v>{n.ToString(null, CultureInfo.InvariantCulture)}</v></c>",
                    var other => throw new ArgumentException($"Unsupported cell {other}"),
                });
            }

            xml.Append("</row>");
        }

        return xml.ToString();
    }

    private static void Add(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
        writer.Write(xml);
    }
}
