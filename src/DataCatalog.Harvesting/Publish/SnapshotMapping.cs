using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataCatalog.Core.Catalog;
using DataCatalog.Persistence.Model;

namespace DataCatalog.Harvesting.Publish;

/// <summary>Converts between published rows and snapshots, so the diff compares like with like.</summary>
internal static class SnapshotMapping
{
    public static DatasetSnapshot ToSnapshot(Dataset dataset) => ToSnapshot(dataset, dataset.Columns);

    /// <param name="columns">The dataset's columns, when they are not (or not yet) in its navigation.</param>
    public static DatasetSnapshot ToSnapshot(Dataset dataset, IEnumerable<Column> columns) => new(
        dataset.QualifiedName,
        dataset.Kind,
        columns.OrderBy(c => c.Ordinal)
            .Select(c => new ColumnSnapshot(c.Name, c.Ordinal, c.DataType, c.IsNullable, c.IsPrimaryKey, c.Description, c.DefaultValue, c.References))
            .ToList(),
        new DatasetMetadata
        {
            Title = dataset.Title,
            Description = dataset.Description,
            Publisher = dataset.Publisher,
            Owner = dataset.Owner,
            UpdateCycle = dataset.UpdateCycle,
            Licence = dataset.Licence,
            Theme = dataset.Theme,
            ContactPoint = dataset.ContactPoint,
            LandingPage = dataset.LandingPage,
            Keywords = dataset.Keywords,
            Distributions = dataset.Distributions,
            Issued = dataset.SourceIssued,
            Modified = dataset.SourceModified,
        },
        dataset.RowCount,
        dataset.FileRead);

    /// <summary>A hash of structure and metadata (not of the data): equal fingerprints mean nothing to record.</summary>
    public static string Fingerprint(DatasetSnapshot snapshot)
    {
        var json = JsonSerializer.Serialize(new { snapshot.Kind, snapshot.Columns, Metadata = snapshot.Metadata with { Modified = null } });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32];
    }

    public static void Apply(Dataset dataset, DatasetSnapshot snapshot, string fingerprint)
    {
        var meta = snapshot.Metadata;
        dataset.Kind = snapshot.Kind;
        dataset.Title = meta.Title;
        dataset.Description = meta.Description;
        dataset.Publisher = meta.Publisher;
        dataset.Owner = meta.Owner;
        dataset.UpdateCycle = meta.UpdateCycle;
        dataset.Licence = meta.Licence;
        dataset.Theme = meta.Theme;
        dataset.ContactPoint = meta.ContactPoint;
        dataset.LandingPage = meta.LandingPage;
        dataset.Keywords = [.. meta.Keywords];
        dataset.Distributions = [.. meta.Distributions];
        dataset.SourceIssued = meta.Issued;
        dataset.SourceModified = meta.Modified;
        dataset.RowCount = snapshot.RowCount;
        dataset.FileRead = snapshot.FileRead;
        dataset.Fingerprint = fingerprint;
        // Analysts look for a dataset by what it holds, so column names and comments are searchable too.
        dataset.SearchText = string.Join(' ', new[] { dataset.Title, dataset.Description, dataset.QualifiedName, string.Join(' ', meta.Keywords) }
            .Concat(snapshot.Columns.SelectMany(c => new[] { c.Name, c.Description }))
            .Where(s => !string.IsNullOrWhiteSpace(s)));
    }
}
