using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Changes;

public sealed class SnapshotDiffTests
{
    private static DatasetSnapshot Table(params ColumnSnapshot[] columns) =>
        new("public.stop", DatasetKind.Table, columns, new DatasetMetadata { Title = "정류장" });

    private static ColumnProfile Profile(string column, long nulls, long distinct, string? min, string? max) =>
        new(column, 100, nulls, 0, distinct, false, min, max, 1, 10, [], [], InferredType.Text, PiiClass.None);

    [Fact]
    public void A_dataset_never_seen_is_one_added_change()
    {
        var changes = SnapshotDiff.Compare(null, Table(new ColumnSnapshot("id", 1, "integer")));

        Assert.Equal([new DatasetChange(ChangeKind.DatasetAdded, After: "public.stop")], changes);
    }

    [Fact]
    public void The_same_snapshot_has_no_changes()
    {
        var snapshot = Table(new ColumnSnapshot("id", 1, "integer", IsNullable: false, IsPrimaryKey: true));

        Assert.Empty(SnapshotDiff.Compare(snapshot, snapshot with { Columns = [.. snapshot.Columns] }));
    }

    [Fact]
    public void A_column_that_becomes_primary_and_foreign_key_is_described_with_both_in_words()
    {
        var before = Table(new ColumnSnapshot("stop_id", 1, "integer"));
        var after = Table(new ColumnSnapshot("stop_id", 1, "integer", IsPrimaryKey: true, References: "public.station.station_id"));

        var change = Assert.Single(SnapshotDiff.Compare(before, after));

        Assert.Equal(new DatasetChange(ChangeKind.KeyChanged, "stop_id", "", "primary key, references public.station.station_id"), change);
    }

    [Fact]
    public void A_foreign_key_alone_is_described_without_a_leading_space()
    {
        var before = Table(new ColumnSnapshot("line_id", 1, "integer", IsPrimaryKey: true));
        var after = Table(new ColumnSnapshot("line_id", 1, "integer", References: "public.line.id"));

        var change = Assert.Single(SnapshotDiff.Compare(before, after));

        Assert.Equal(new DatasetChange(ChangeKind.KeyChanged, "line_id", "primary key", "references public.line.id"), change);
    }

    [Fact]
    public void Added_dropped_retyped_and_nullability_changes_are_each_recorded()
    {
        var before = Table(new ColumnSnapshot("id", 1, "integer"), new ColumnSnapshot("name", 2, "text"), new ColumnSnapshot("old", 3, "date"));
        var after = Table(new ColumnSnapshot("id", 1, "bigint"), new ColumnSnapshot("name", 2, "text", IsNullable: false), new ColumnSnapshot("new", 4, "text"));

        var changes = SnapshotDiff.Compare(before, after);

        Assert.Equal(
            [
                new DatasetChange(ChangeKind.ColumnDropped, "old", "date", null),
                new DatasetChange(ChangeKind.ColumnAdded, "new", null, "text"),
                new DatasetChange(ChangeKind.ColumnRetyped, "id", "integer", "bigint"),
                new DatasetChange(ChangeKind.NullabilityChanged, "name", "null", "not null"),
            ],
            changes);
    }

    [Fact]
    public void A_column_in_the_same_place_with_the_same_type_and_data_is_a_rename()
    {
        var before = Table(new ColumnSnapshot("id", 1, "integer"), new ColumnSnapshot("nm", 2, "text"));
        var after = Table(new ColumnSnapshot("id", 1, "integer"), new ColumnSnapshot("stop_nm", 2, "text"));
        var previous = new Dictionary<string, ColumnProfile> { ["nm"] = Profile("nm", 3, 97, "가", "힣") };
        var same = new Dictionary<string, ColumnProfile> { ["stop_nm"] = Profile("stop_nm", 3, 97, "가", "힣") };
        var other = new Dictionary<string, ColumnProfile> { ["stop_nm"] = Profile("stop_nm", 0, 12, "A", "Z") };

        Assert.Equal([new DatasetChange(ChangeKind.ColumnRenamed, "stop_nm", "nm", "stop_nm")], SnapshotDiff.Compare(before, after, previous, same));
        Assert.Equal(
            [new DatasetChange(ChangeKind.ColumnDropped, "nm", "text", null), new DatasetChange(ChangeKind.ColumnAdded, "stop_nm", null, "text")],
            SnapshotDiff.Compare(before, after, previous, other));
    }

    [Fact]
    public void Metadata_changes_name_the_field_and_both_values()
    {
        var before = Table() with { Metadata = new DatasetMetadata { Title = "정류장", Keywords = ["버스"] } };
        var after = Table() with { Metadata = new DatasetMetadata { Title = "버스 정류장", Keywords = ["버스", "교통"] } };

        Assert.Equal(
            [
                new DatasetChange(ChangeKind.MetadataChanged, "title", "정류장", "버스 정류장"),
                new DatasetChange(ChangeKind.MetadataChanged, "keywords", "버스", "버스, 교통"),
            ],
            SnapshotDiff.Compare(before, after));
    }
}
