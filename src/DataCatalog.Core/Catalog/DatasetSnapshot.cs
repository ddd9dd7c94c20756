namespace DataCatalog.Core.Catalog;

/// <summary>What a connector saw of one dataset at harvest time: structure and declared metadata, no data.</summary>
/// <param name="QualifiedName">Stable identity inside its source: <c>schema.table</c>, a file's path relative to the drop root, a portal's dataset name.</param>
/// <param name="Kind">Table, view, file or portal dataset.</param>
/// <param name="Columns">Columns in source order; empty when the source does not describe its structure.</param>
/// <param name="Metadata">Declared metadata (comments, sidecar files, portal fields).</param>
/// <param name="RowCount">Rows counted or estimated by the connector; null when unknown.</param>
/// <param name="FileRead">For a dropped file, how it was read (encoding, delimiter, header decision, dropped columns).</param>
public sealed record DatasetSnapshot(
    string QualifiedName,
    DatasetKind Kind,
    IReadOnlyList<ColumnSnapshot> Columns,
    DatasetMetadata Metadata,
    long? RowCount = null,
    FileReadDetails? FileRead = null);

/// <summary>The kinds of thing a catalog dataset can be.</summary>
public enum DatasetKind
{
    Table,
    View,
    File,
    PortalDataset,
}

/// <summary>One column as the source declares it (or as inferred from a file).</summary>
/// <param name="Ordinal">1-based position in the dataset.</param>
/// <param name="DataType">Source type as declared (<c>character varying(100)</c>) or inferred (<c>integer</c>, <c>date</c>).</param>
/// <param name="References">For a foreign key, the referenced dataset and column (<c>public.stop.stop_id</c>).</param>
public sealed record ColumnSnapshot(
    string Name,
    int Ordinal,
    string DataType,
    bool IsNullable = true,
    bool IsPrimaryKey = false,
    string? Description = null,
    string? DefaultValue = null,
    string? References = null);

/// <summary>Dataset-level metadata, aligned with data.go.kr's and DCAT-AP's fields.</summary>
public sealed record DatasetMetadata
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Publisher { get; init; }
    public string? Owner { get; init; }
    public string? UpdateCycle { get; init; }
    public string? Licence { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string? Theme { get; init; }
    /// <summary>Who answers questions about the dataset: an e-mail address, else a name.</summary>
    public string? ContactPoint { get; init; }
    /// <summary>The web page that describes the dataset (DCAT <c>dcat:landingPage</c>, a CKAN dataset's page).</summary>
    public string? LandingPage { get; init; }
    /// <summary>Where the data can be fetched (portal resource URLs, file formats), as <c>format url</c> pairs.</summary>
    public IReadOnlyList<Distribution> Distributions { get; init; } = [];
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }

    public static DatasetMetadata Empty { get; } = new();
}

/// <summary>A downloadable form of a dataset (a CKAN resource, a DCAT distribution).</summary>
/// <param name="Format">The format as the portal names it (<c>CSV</c>, <c>XLSX</c>).</param>
/// <param name="MediaType">The IANA media type (<c>text/csv</c>), when the portal gives one.</param>
/// <param name="ByteSize">The size in bytes the portal declares; null when it declares none.</param>
public sealed record Distribution(string? Format, string? Url, string? Title = null, string? MediaType = null, long? ByteSize = null);
