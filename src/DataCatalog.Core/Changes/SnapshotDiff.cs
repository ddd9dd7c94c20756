using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Changes;

/// <summary>Compares a dataset's newly harvested snapshot with its last published one.</summary>
public static class SnapshotDiff
{
    /// <summary>Lists what changed from <paramref name="previous"/> to <paramref name="current"/>; empty when nothing did.</summary>
    /// <param name="previous">The published state, or null for a dataset never seen.</param>
    /// <param name="previousProfiles">Profiles of the published columns by name, used to recognise renames.</param>
    /// <param name="currentProfiles">Profiles of the harvested columns by name.</param>
    public static IReadOnlyList<DatasetChange> Compare(
        DatasetSnapshot? previous,
        DatasetSnapshot current,
        IReadOnlyDictionary<string, ColumnProfile>? previousProfiles = null,
        IReadOnlyDictionary<string, ColumnProfile>? currentProfiles = null)
    {
        if (previous is null)
        {
            return [new DatasetChange(ChangeKind.DatasetAdded, After: current.QualifiedName)];
        }

        var changes = new List<DatasetChange>();
        CompareMetadata(previous.Metadata, current.Metadata, changes);

        var before = previous.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var after = current.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var dropped = previous.Columns.Where(c => !after.ContainsKey(c.Name)).ToList();
        var added = current.Columns.Where(c => !before.ContainsKey(c.Name)).ToList();

        // A rename shows as a drop and an add; it is one when the column kept its place, its type and its data.
        foreach (var gone in dropped.ToList())
        {
            var renamed = added.FirstOrDefault(a => a.Ordinal == gone.Ordinal
                && string.Equals(a.DataType, gone.DataType, StringComparison.OrdinalIgnoreCase)
                && SameData(previousProfiles, gone.Name, currentProfiles, a.Name));
            if (renamed is not null)
            {
                changes.Add(new DatasetChange(ChangeKind.ColumnRenamed, renamed.Name, gone.Name, renamed.Name));
                dropped.Remove(gone);
                added.Remove(renamed);
            }
        }

        changes.AddRange(dropped.Select(c => new DatasetChange(ChangeKind.ColumnDropped, c.Name, c.DataType, null)));
        changes.AddRange(added.Select(c => new DatasetChange(ChangeKind.ColumnAdded, c.Name, null, c.DataType)));

        foreach (var column in current.Columns)
        {
            if (!before.TryGetValue(column.Name, out var old))
            {
                continue;
            }

            if (!string.Equals(old.DataType, column.DataType, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add(new DatasetChange(ChangeKind.ColumnRetyped, column.Name, old.DataType, column.DataType));
            }

            if (old.IsNullable != column.IsNullable)
            {
                changes.Add(new DatasetChange(ChangeKind.NullabilityChanged, column.Name, Nullability(old), Nullability(column)));
            }

            if (old.IsPrimaryKey != column.IsPrimaryKey || !string.Equals(old.References, column.References, StringComparison.Ordinal))
            {
                changes.Add(new DatasetChange(ChangeKind.KeyChanged, column.Name, KeyText(old), KeyText(column)));
            }
        }

        return changes;
    }

    private static void CompareMetadata(DatasetMetadata before, DatasetMetadata after, List<DatasetChange> changes)
    {
        void Field(string name, string? a, string? b)
        {
            if (!string.Equals(a ?? "", b ?? "", StringComparison.Ordinal))
            {
                changes.Add(new DatasetChange(ChangeKind.MetadataChanged, name, a, b));
            }
        }

        Field("title", before.Title, after.Title);
        Field("description", before.Description, after.Description);
        Field("publisher", before.Publisher, after.Publisher);
        Field("owner", before.Owner, after.Owner);
        Field("updateCycle", before.UpdateCycle, after.UpdateCycle);
        Field("licence", before.Licence, after.Licence);
        Field("theme", before.Theme, after.Theme);
        Field("keywords", string.Join(", ", before.Keywords), string.Join(", ", after.Keywords));
    }

    private static bool SameData(
        IReadOnlyDictionary<string, ColumnProfile>? previousProfiles, string oldName,
        IReadOnlyDictionary<string, ColumnProfile>? currentProfiles, string newName)
    {
        if (previousProfiles is null || currentProfiles is null
            || !previousProfiles.TryGetValue(oldName, out var a) || !currentProfiles.TryGetValue(newName, out var b))
        {
            // Without profiles, place and type are all the evidence there is.
            return previousProfiles is null || currentProfiles is null;
        }

        return a.Nulls == b.Nulls && a.Empty == b.Empty && a.Distinct == b.Distinct
            && string.Equals(a.Min, b.Min, StringComparison.Ordinal) && string.Equals(a.Max, b.Max, StringComparison.Ordinal);
    }

    private static string Nullability(ColumnSnapshot c) => c.IsNullable ? "null" : "not null";

    /// <summary>The column's keys in words: <c>primary key, references public.stop.stop_id</c>; empty when it has none.</summary>
    private static string KeyText(ColumnSnapshot c) =>
        string.Join(", ", new[] { c.IsPrimaryKey ? "primary key" : null, c.References is null ? null : $"references {c.References}" }.OfType<string>());
}
