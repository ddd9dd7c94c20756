using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

/// <summary>The 2024-11 edition shipped in <c>src/DataCatalog.Host/Standards/2024-11/</c>, parsed once for all tests.</summary>
internal static class ShippedDictionary
{
    private static readonly Lazy<StandardDictionary> Parsed = new(() => new StandardDictionary(
        Parse("words.csv").Words, Parse("terms.csv").Terms, Parse("domains.csv").Domains));

    private static readonly Lazy<StandardTermChecker> Built = new(() => new StandardTermChecker(Parsed.Value));

    public static StandardDictionary Dictionary => Parsed.Value;

    public static StandardTermChecker Checker => Built.Value;

    public static string Folder { get; } = FindFolder();

    public static string Text(string file) => File.ReadAllText(Path.Combine(Folder, file));

    public static StandardDictionaryParse Parse(string file)
    {
        var parse = StandardDictionaryParser.Parse(Text(file));
        Assert.True(parse.Succeeded, string.Join("\n", parse.Errors));
        return parse;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataCatalog.sln")))
            {
                return Path.Combine(dir.FullName, "src", "DataCatalog.Host", "Standards", "2024-11");
            }
        }

        throw new InvalidOperationException("DataCatalog.sln not found above " + AppContext.BaseDirectory);
    }
}
