using System.Globalization;
using System.Text;
using DataCatalog.Api.Catalog;
using GraphQL.Types;

namespace DataCatalog.Api.Search;

/// <summary>Relay-style global ids: the base64 of <c>Type:key</c>, opaque to clients and unique across types.</summary>
public static class GlobalId
{
    /// <summary>The types <c>node(id)</c> resolves.</summary>
    public static readonly IReadOnlyList<string> Types = ["Dataset", "Column", "Source", "HarvestRun"];

    public static string Encode(string type, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(type + ":" + key));

    public static string Encode(string type, long key) => Encode(type, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>The type and key of a global id; null when it is not one this catalog issued.</summary>
    public static (string Type, string Key)? Decode(string id)
    {
        if (id.Length > 400)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(id));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && Types.Contains(text[..colon]) && colon + 1 < text.Length ? (text[..colon], text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Makes <paramref name="type"/> implement <see cref="NodeInterface"/> with its <c>globalId</c>.</summary>
    public static void Implement<T>(ObjectGraphType<T> type, string typeName, Func<T, string> key)
    {
        type.Interface<NodeInterface>();
        type.IsTypeOf = o => o is T;
        type.Field<NonNullGraphType<IdGraphType>>("globalId")
            .Description("Global id for node(id): opaque, unique across types; the id field keeps the database id.")
            .Resolve(ctx => Encode(typeName, key(ctx.Source)));
    }

    /// <summary>Implements Node on the main catalog types.</summary>
    internal static void ImplementOn(DatasetType dataset) => Implement(dataset, "Dataset", (DatasetRecord d) => d.Id.ToString(CultureInfo.InvariantCulture));

    internal static void ImplementOn(ColumnType column) => Implement(column, "Column", (ColumnRecord c) => c.Id.ToString(CultureInfo.InvariantCulture));

    internal static void ImplementOn(SourceType source) => Implement(source, "Source", (SourceRecord s) => s.Id);

    internal static void ImplementOn(HarvestRunType run) => Implement(run, "HarvestRun", (HarvestRunRecord r) => r.Id.ToString(CultureInfo.InvariantCulture));
}

/// <summary>An object with a global id, fetchable with <c>node(id)</c>.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global id (globalId), fetchable with node(id).";
        Field<NonNullGraphType<IdGraphType>>("globalId").Description("Opaque global id, unique across types.");
    }
}
