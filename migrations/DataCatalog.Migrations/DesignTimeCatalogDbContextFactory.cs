using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace DataCatalog.Migrations;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the host; no database is contacted to add a migration.</summary>
public sealed class DesignTimeCatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
    {
        return new CatalogDbContext(PersistenceServiceCollectionExtensions.CreateOptions("Host=localhost;Database=catalog_design"));
    }
}
