using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Sources;
using Microsoft.Extensions.Configuration;

namespace DataCatalog.Harvesting.Tests.Sources;

public sealed class ConnectionResolverTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:Portals:Seoul:Url"] = "https://data.seoul.go.kr/?serviceKey=k3y", ["ConnectionStrings:Catalog"] = "Host=catalog;Password=catalog-secret" })
        .Build();

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["DATACATALOG_SOURCE_TRANSPORT_DB"] = "Host=db;Password=hunter2", ["TRANSPORT_DB"] = "Host=db;Password=hunter2",
        ["ConnectionStrings__Catalog"] = "Host=catalog;Password=catalog-secret",
    };

    private static readonly ConnectionResolver Resolver = new(Configuration, name => Environment.GetValueOrDefault(name));

    private static SourceDefinition Source(string connectionRef) =>
        new("transport-db", "transport", SourceKind.Postgres, "교통 운영 DB", connectionRef, "0 0 3 * * ?");

    [Fact]
    public void An_env_reference_reads_the_environment() =>
        Assert.Equal("Host=db;Password=hunter2", Resolver.Resolve(Source("env:DATACATALOG_SOURCE_TRANSPORT_DB")));

    [Fact]
    public void A_config_reference_reads_configuration() =>
        Assert.Equal("https://data.seoul.go.kr/?serviceKey=k3y", Resolver.Resolve(Source("config:Sources:Portals:Seoul:Url")));

    [Fact]
    public void A_missing_variable_names_the_source_and_variable()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("env:DATACATALOG_SOURCE_PARKING_DB")));

        Assert.Contains("Source 'transport-db'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable 'DATACATALOG_SOURCE_PARKING_DB' is not set", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_configuration_key_names_the_key()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("config:Sources:Portals:Busan:Url")));

        Assert.Contains("configuration key 'Sources:Portals:Busan:Url' is missing", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Sources__Portals__Busan__Url", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_reference_is_refused()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("TRANSPORT_DB")));

        Assert.Contains("neither 'env:NAME' nor 'config:Section:Key'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_outside_the_prefix_is_refused_at_resolve_time_even_when_it_is_set()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("env:TRANSPORT_DB")));

        Assert.Contains("Source 'transport-db'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable 'TRANSPORT_DB', outside the prefix 'DATACATALOG_SOURCE_'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("{\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"}", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config:ConnectionStrings:Catalog", "configuration key 'ConnectionStrings:Catalog'")]
    [InlineData("config:connectionstrings:catalog", "configuration key 'connectionstrings:catalog'")]
    [InlineData("env:ConnectionStrings__Catalog", "environment variable 'ConnectionStrings__Catalog'")]
    public void The_catalogs_own_connection_string_is_refused(string reference, string named)
    {
        // Even an operator who widens the prefixes to everything cannot hand the catalog's connection to a source.
        var open = new ConnectionResolver(Configuration, name => Environment.GetValueOrDefault(name), new ConnectionReferencePolicy { EnvPrefix = "", ConfigPrefix = "" });

        var thrown = Assert.Throws<SourceUnavailableException>(() => open.Resolve(Source(reference)));

        Assert.Contains($"names {named}: the catalog's own database connection", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog-secret", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operator_can_set_other_prefixes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:Connections:EnvPrefix"] = "CITY_",
            ["Harvest:Connections:ConfigPrefix"] = "Departments:",
            ["Departments:Transport"] = "Host=transport",
        }).Build();
        var resolver = new ConnectionResolver(configuration, name => name == "CITY_PARKS" ? "Host=parks" : null);

        Assert.Equal("Host=parks", resolver.Resolve(Source("env:CITY_PARKS")));
        Assert.Equal("Host=transport", resolver.Resolve(Source("config:departments:Transport")));
        var thrown = Assert.Throws<SourceUnavailableException>(() => resolver.Resolve(Source("config:Sources:Transport")));
        Assert.Contains("outside the prefix 'Departments:'", thrown.Message, StringComparison.Ordinal);
    }
}
