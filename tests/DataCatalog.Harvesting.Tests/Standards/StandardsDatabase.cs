using System.Text;
using DataCatalog.Harvesting.Standards;
using DataCatalog.Persistence;
using DataCatalog.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Harvesting.Tests.Standards;

/// <summary>A fresh catalog database with the shipped 2024-11 edition imported as the base, and a temp folder for files.</summary>
public sealed class StandardsDatabase : IAsyncLifetime
{
    static StandardsDatabase() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string ShippedFolder { get; } = RepositoryPaths.Combine("src", "DataCatalog.Host", "Standards", "2024-11");

    public static string[] ShippedFiles { get; } = ["words.csv", "terms.csv", "domains.csv"];

    public string Folder { get; } = Directory.CreateTempSubdirectory("datacatalog-standards-").FullName;

    public ServiceProvider Services { get; private set; } = null!;

    public StandardDictionaryStore Store => Services.GetRequiredService<StandardDictionaryStore>();

    public StandardImportResult Base { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connection = await TestPostgres.CreateCatalogDatabaseAsync();
        var configuration = new ConfigurationBuilder().Build();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(connection)
            .AddHarvesting(configuration)
            .BuildServiceProvider();
        Base = await Store.ImportAsync([.. ShippedFiles.Select(f => Path.Combine(ShippedFolder, f))], null, extension: false, CancellationToken.None);
        Assert.True(Base.Succeeded, string.Join("\n", Base.Errors));
    }

    /// <summary>Writes <paramref name="text"/> to a file of the temp folder in UTF-8 (no BOM) or CP949.</summary>
    public string Write(string name, string text, bool cp949 = false)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, cp949 ? Encoding.GetEncoding(949).GetBytes(text) : new UTF8Encoding(false).GetBytes(text));
        return path;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
