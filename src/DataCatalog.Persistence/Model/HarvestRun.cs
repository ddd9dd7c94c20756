namespace DataCatalog.Persistence.Model;

/// <summary>One harvest of one source: when, by which node, what it found, and what went wrong.</summary>
public sealed class HarvestRun
{
    public long Id { get; set; }
    public required string SourceId { get; set; }
    public required string Trigger { get; set; }
    public required string Node { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public HarvestStatus Status { get; set; }
    public int DatasetsSeen { get; set; }
    public int DatasetsAdded { get; set; }
    public int DatasetsChanged { get; set; }
    public int DatasetsWithdrawn { get; set; }
    public int DatasetsFailed { get; set; }
    public long RowsRejected { get; set; }
    /// <summary>Why the run as a whole failed: names the source and the fix; never a secret.</summary>
    public string? Error { get; set; }
    public List<DatasetError> DatasetErrors { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
}

/// <summary>States of a harvest run.</summary>
public enum HarvestStatus
{
    Running,
    Succeeded,
    /// <summary>Published, but some datasets failed and kept their previous state.</summary>
    Partial,
    Failed,
}

/// <summary>A dataset that failed on its own during a run.</summary>
public sealed record DatasetError(string Dataset, string Error);
