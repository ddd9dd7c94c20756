namespace DataCatalog.Host.Cli;

/// <summary>Placeholder for <c>rules standards …</c> (the standard dictionaries), which another part of the catalog provides.</summary>
internal static class StandardsCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("rules standards: the standard dictionaries are not available in this build.");
        return Task.FromResult(2);
    }
}
