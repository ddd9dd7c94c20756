using System.Globalization;
using DataCatalog.Core.Catalog;
using ExcelDataReader;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Streams the sheets of an .xlsx workbook into column profiles, one table per sheet.</summary>
internal static class XlsxFileReader
{
    public static List<TableRead> Read(string path, string relativePath, FileDropOptions options, CancellationToken cancellationToken)
    {
        var tables = new List<TableRead>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        do
        {
            var sheet = reader.Name;
            var place = tables.Count == 0 ? relativePath : $"{relativePath}#{sheet}";
            var warnings = new WarningLog(options.MaxWarnings);
            var table = new TableAccumulator(place, "row", options.Header, warnings);
            long row = 0;
            int? width = null;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                row++;
                var cells = new string?[reader.FieldCount];
                var last = -1;
                for (var i = 0; i < cells.Length; i++)
                {
                    // A workbook can spell NUL as _x0000_; PostgreSQL text cannot hold it.
                    cells[i] = NulText.CleanOrNull(ToInvariantString(reader.GetValue(i)));
                    if (!string.IsNullOrEmpty(cells[i]))
                    {
                        last = i;
                    }
                }

                if (last < 0)
                {
                    continue;
                }

                // A sheet reports its widest row's width for every row: the first row fixes the table's width, and a
                // later row counts as ragged only when it holds values beyond it.
                width ??= last + 1;
                Array.Resize(ref cells, Math.Max(width.Value, last + 1));
                table.Add(cells, row);
            }

            var (columns, profiles) = table.Complete();
            if (columns.Count == 0)
            {
                warnings.Add($"{place}: empty sheet");
            }

            var distribution = new Distribution("xlsx", relativePath, $"sheet={sheet}; header={(table.HasHeader ? "true" : "false")}");
            var read = new FileReadDetails("xlsx", null, null, table.HasHeader, table.HeaderCertain, [.. table.DroppedColumns], sheet);
            tables.Add(new TableRead(sheet, columns, profiles, table.Rows, table.RejectedRows, distribution, warnings.ToList(place), read));
        }
        while (reader.NextResult());

        return tables;
    }

    /// <summary>A cell as the catalog profiles it: dates ISO 8601, numbers invariant and round-trippable.</summary>
    public static string? ToInvariantString(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
