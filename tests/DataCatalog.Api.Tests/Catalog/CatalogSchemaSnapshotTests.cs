using DataCatalog.Persistence;
using DataCatalog.Testing;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Tests.Catalog;

public sealed class CatalogSchemaSnapshotTests
{
    private const string UpdateVariable = "UPDATE_SNAPSHOTS";

    [Fact]
    public async Task Schema_sdl_matches_the_checked_in_snapshot()
    {
        var services = new ServiceCollection()
            // Building the schema opens no connection, so the connection string is never used.
            .AddCatalogPersistence("Host=127.0.0.1;Port=1;Database=unused")
            .AddCatalogApi();
        await using var provider = services.BuildServiceProvider();
        var schema = provider.GetRequiredService<ISchema>();
        var current = Normalize(schema.Print(new PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal }));
        var snapshot = RepositoryPaths.Combine("schemas", "catalog.graphql");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(snapshot, current);
        }

        var checkedIn = File.Exists(snapshot) ? Normalize(await File.ReadAllTextAsync(snapshot)) : "";
        if (checkedIn != current)
        {
            var actual = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.graphql");
            await File.WriteAllTextAsync(actual, current);
            Assert.Fail(
                $"The GraphQL schema differs from {snapshot}. The current SDL is in {actual}; compare the two, and if the change is " +
                $"intended, rewrite the snapshot with `{UpdateVariable}=1 dotnet test tests/DataCatalog.Api.Tests` and commit it.");
        }
    }

    private static string Normalize(string sdl) => sdl.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
