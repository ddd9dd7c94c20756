namespace DataCatalog.Core.Sources;

/// <summary>Kinds of department source the catalog harvests; the string form is what source files and the database hold.</summary>
public static class SourceKind
{
    public const string Postgres = "postgres";
    public const string FileDrop = "file-drop";
    public const string Ckan = "ckan";
    public const string Dcat = "dcat";

    public static IReadOnlyList<string> All { get; } = [Postgres, FileDrop, Ckan, Dcat];
}
