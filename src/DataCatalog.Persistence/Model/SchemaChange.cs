using DataCatalog.Core.Changes;

namespace DataCatalog.Persistence.Model;

/// <summary>One recorded change of a dataset (new, withdrawn, column added, dropped, retyped, renamed…), kept with its run.</summary>
public sealed class SchemaChange
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public long HarvestRunId { get; set; }
    public ChangeKind Kind { get; set; }
    public string? ColumnName { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
}
