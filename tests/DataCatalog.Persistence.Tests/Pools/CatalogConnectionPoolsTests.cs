using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataCatalog.Persistence.Tests.Pools;

public sealed class CatalogConnectionPoolsTests
{
    [Fact]
    public void Each_pool_gets_its_own_application_name_and_maximum_size_on_the_same_server()
    {
        var strings = CatalogConnectionStrings.Split(
            "Host=127.0.0.1;Port=5999;Database=catalog;Username=catalog;Maximum Pool Size=30",
            new CatalogPoolOptions { Api = 7, Harvest = 5, Scheduler = 3, Maintenance = 2 });

        var pools = new[] { strings.Api, strings.Harvest, strings.Scheduler, strings.Maintenance }
            .Select(s => new NpgsqlConnectionStringBuilder(s))
            .Select(b => (b.ApplicationName, b.MaxPoolSize, b.Host, b.Port, b.Database))
            .ToList();

        Assert.Equal(
            [
                ("datacatalog-api", 7, "127.0.0.1", 5999, "catalog"),
                ("datacatalog-harvest", 5, "127.0.0.1", 5999, "catalog"),
                ("datacatalog-scheduler", 3, "127.0.0.1", 5999, "catalog"),
                ("datacatalog", 2, "127.0.0.1", 5999, "catalog"),
            ],
            pools);
        Assert.Equal(17, strings.Pools.Total);
    }

    [Fact]
    public void A_pool_of_zero_connections_is_refused_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => CatalogConnectionStrings.Split("Host=127.0.0.1;Database=catalog", new CatalogPoolOptions { Harvest = 0 }));

        Assert.Equal(
            "Database:Pools:Harvest is 0; a pool needs at least one connection. Set it to 1 or more (or remove it for the default).",
            error.Message);
    }

    [Fact]
    public async Task Pools_that_together_reach_the_servers_max_connections_are_refused_and_the_defaults_fit()
    {
        // The test cluster (a throwaway one) runs with max_connections 500 and PostgreSQL's default 3 reserved for superusers.
        var database = await TestPostgres.CreateEmptyDatabaseAsync("pools");

        var tooMany = CatalogConnectionStrings.Split(database, new CatalogPoolOptions { Api = 450, Harvest = 30, Scheduler = 10, Maintenance = 7 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tooMany.CheckServerCapacityAsync(CancellationToken.None));
        await CatalogConnectionStrings.Split(database).CheckServerCapacityAsync(CancellationToken.None);

        Assert.Equal(
            "The catalog's pools take up to 497 connections (Database:Pools Api 450, Harvest 30, Scheduler 10, Maintenance 7) but the server admits 497 (max_connections less superuser_reserved_connections). Lower the pool sizes or raise max_connections.",
            error.Message);
    }

    [Fact]
    public async Task The_api_and_harvest_factories_connect_under_their_own_application_names()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync("pools");
        await using var services = new ServiceCollection().AddCatalogPersistence(database).BuildServiceProvider();

        var names = new List<string>();
        foreach (var factory in new[]
        {
            services.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api),
            services.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Harvest),
            services.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
        })
        {
            await using var db = await factory.CreateDbContextAsync();
            names.Add(await db.Database.SqlQueryRaw<string>("SELECT current_setting('application_name') AS \"Value\"").SingleAsync());
        }

        Assert.Equal(["datacatalog-api", "datacatalog-harvest", "datacatalog"], names);
    }
}
