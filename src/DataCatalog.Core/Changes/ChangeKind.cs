namespace DataCatalog.Core.Changes;

/// <summary>Kinds of change a harvest records against the last published state.</summary>
public enum ChangeKind
{
    DatasetAdded,
    DatasetWithdrawn,
    DatasetRestored,
    MetadataChanged,
    ColumnAdded,
    ColumnDropped,
    ColumnRetyped,
    ColumnRenamed,
    NullabilityChanged,
    KeyChanged,
}

/// <summary>One detected change; <see cref="Before"/> and <see cref="After"/> hold the values that differ.</summary>
public sealed record DatasetChange(ChangeKind Kind, string? Column = null, string? Before = null, string? After = null);
