using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>What reading one table (a delimited file or a sheet) produced, before it becomes an extracted dataset.</summary>
/// <param name="Sheet">The sheet name for a workbook, null for a delimited file.</param>
/// <param name="Distribution">The file's format and how it was read (encoding, delimiter, header).</param>
/// <param name="Details">How the table was read, as the catalog keeps it.</param>
internal sealed record TableRead(
    string? Sheet,
    IReadOnlyList<ColumnSnapshot> Columns,
    IReadOnlyList<ColumnProfile> Profiles,
    long Rows,
    long RejectedRows,
    Distribution Distribution,
    IReadOnlyList<string> Warnings,
    FileReadDetails Details);
