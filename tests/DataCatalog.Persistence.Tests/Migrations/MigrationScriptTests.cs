using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DataCatalog.Persistence.Tests.Migrations;

public sealed class MigrationScriptTests(CatalogDatabaseFixture database) : IClassFixture<CatalogDatabaseFixture>
{
    private const string Regenerate =
        "dotnet tool restore && dotnet ef migrations script --idempotent -p migrations/DataCatalog.Migrations -s migrations/DataCatalog.Migrations -o migrations/catalog.sql";

    [Fact]
    public void Checked_in_sql_script_matches_the_migrations()
    {
        using var context = database.CreateContext();
        var expected = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var actual = File.ReadAllText(RepositoryPaths.Combine("migrations", "catalog.sql"));

        if (Normalise(expected) != Normalise(actual))
        {
            var generated = Path.Combine(Path.GetTempPath(), "catalog.expected.sql");
            File.WriteAllText(generated, expected);
            Assert.Fail($"migrations/catalog.sql is stale (the current script is in {generated}); regenerate it with: {Regenerate}");
        }
    }

    [Fact]
    public void Model_has_no_changes_missing_from_the_migrations()
    {
        using var context = database.CreateContext();

        Assert.False(context.Database.HasPendingModelChanges(),
            "The EF model changed without a migration: dotnet ef migrations add <Name> -p migrations/DataCatalog.Migrations -s migrations/DataCatalog.Migrations -o Migrations");
    }

    private static string Normalise(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().TrimStart('\uFEFF');
}
