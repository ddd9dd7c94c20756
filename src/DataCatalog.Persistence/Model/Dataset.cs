using DataCatalog.Core.Catalog;
using NpgsqlTypes;

namespace DataCatalog.Persistence.Model;

/// <summary>A published dataset: the last harvested state of one table, file or portal dataset.</summary>
public sealed class Dataset
{
    public long Id { get; set; }
    public required string SourceId { get; set; }
    public Source? Source { get; set; }
    public required string QualifiedName { get; set; }
    public DatasetKind Kind { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Publisher { get; set; }
    public string? Owner { get; set; }
    public string? UpdateCycle { get; set; }
    public string? Licence { get; set; }
    public string? Theme { get; set; }
    public string? ContactPoint { get; set; }
    /// <summary>The web page that describes the dataset at its source (a portal's dataset page).</summary>
    public string? LandingPage { get; set; }
    public List<string> Keywords { get; set; } = [];
    public List<Distribution> Distributions { get; set; } = [];
    public DateTimeOffset? SourceIssued { get; set; }
    public DateTimeOffset? SourceModified { get; set; }
    public long? RowCount { get; set; }
    /// <summary>For a dropped file, how it was read (encoding, delimiter, header decision, dropped columns).</summary>
    public FileReadDetails? FileRead { get; set; }
    public DatasetStatus Status { get; set; }
    /// <summary>Hash of the structure and metadata; a harvest that sees the same fingerprint records no change.</summary>
    public required string Fingerprint { get; set; }
    /// <summary>What the connector saw of the data at the last profile (table statistics); an equal token skips profiling.</summary>
    public string? ChangeToken { get; set; }
    public long FirstSeenRunId { get; set; }
    public long LastSeenRunId { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>Overall score of the last scoring, kept beside the history so listings sort and filter without a join.</summary>
    public double? LatestScore { get; set; }
    /// <summary>Title, description, name and keywords folded into one string for the trigram index.</summary>
    public string SearchText { get; set; } = "";
    public NpgsqlTsVector? SearchVector { get; set; }
    public List<Column> Columns { get; } = [];
}

/// <summary>Whether a dataset is still present in its source.</summary>
public enum DatasetStatus
{
    Active,
    Withdrawn,
}
