namespace DataCatalog.Core.Catalog;

/// <summary>How a dropped file was read, so a steward can see why it reads as it does and what to override.</summary>
/// <param name="Format"><c>csv</c>, <c>tsv</c> or <c>xlsx</c>.</param>
/// <param name="Encoding">The text encoding detected or forced (<c>UTF-8</c>, <c>UTF-8 BOM</c>, <c>CP949</c>); null for a workbook.</param>
/// <param name="Delimiter">The field separator (<c>,</c>, <c>tab</c>, <c>;</c>, <c>|</c>); null for a workbook.</param>
/// <param name="Header">Whether the first row was read as column names.</param>
/// <param name="HeaderCertain">False when the header decision was a guess (the run's warnings say how to override it with the <c>header</c> option); true when the data showed it or the option forced it.</param>
/// <param name="DroppedColumns">Columns left out of the dataset, such as the empty unnamed column every line's trailing delimiter makes.</param>
/// <param name="Sheet">The sheet of a workbook; null for a delimited file.</param>
public sealed record FileReadDetails(
    string Format,
    string? Encoding,
    string? Delimiter,
    bool Header,
    bool HeaderCertain,
    IReadOnlyList<string> DroppedColumns,
    string? Sheet = null);
