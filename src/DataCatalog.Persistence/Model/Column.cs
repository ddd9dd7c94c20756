using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Persistence.Model;

/// <summary>A column of a published dataset with its latest profile.</summary>
public sealed class Column
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public required string Name { get; set; }
    public int Ordinal { get; set; }
    public required string DataType { get; set; }
    public bool IsNullable { get; set; }
    public bool IsPrimaryKey { get; set; }
    public string? Description { get; set; }
    public string? DefaultValue { get; set; }
    public string? References { get; set; }
    public PiiClass PiiClass { get; set; }
    /// <summary>Statistics of the last harvest; sample values are masked when <see cref="PiiClass"/> is set.</summary>
    public ColumnProfile? Profile { get; set; }
}
