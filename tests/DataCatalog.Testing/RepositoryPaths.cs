namespace DataCatalog.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>DataCatalog.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataCatalog.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataCatalog.sln not found above " + AppContext.BaseDirectory);
    }
}
