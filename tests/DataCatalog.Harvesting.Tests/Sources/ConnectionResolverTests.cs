using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Sources;
using Microsoft.Extensions.Configuration;

namespace DataCatalog.Harvesting.Tests.Sources;

public sealed class ConnectionResolverTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Portals:Seoul:Url"] = "https://data.seoul.go.kr/?serviceKey=k3y" })
        .Build();

    private static readonly Dictionary<string, string> Environment = new() { ["TRANSPORT_DB"] = "Host=db;Password=hunter2" };

    private static readonly ConnectionResolver Resolver = new(Configuration, name => Environment.GetValueOrDefault(name));

    private static SourceDefinition Source(string connectionRef) =>
        new("transport-db", "transport", SourceKind.Postgres, "교통 운영 DB", connectionRef, "0 0 3 * * ?");

    [Fact]
    public void An_env_reference_reads_the_environment() =>
        Assert.Equal("Host=db;Password=hunter2", Resolver.Resolve(Source("env:TRANSPORT_DB")));

    [Fact]
    public void A_config_reference_reads_configuration() =>
        Assert.Equal("https://data.seoul.go.kr/?serviceKey=k3y", Resolver.Resolve(Source("config:Portals:Seoul:Url")));

    [Fact]
    public void A_missing_variable_names_the_source_and_variable()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("env:PARKING_DB")));

        Assert.Contains("Source 'transport-db'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable 'PARKING_DB' is not set", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_configuration_key_names_the_key()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("config:Portals:Busan:Url")));

        Assert.Contains("configuration key 'Portals:Busan:Url' is missing", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Portals__Busan__Url", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_reference_is_refused()
    {
        var thrown = Assert.Throws<SourceUnavailableException>(() => Resolver.Resolve(Source("TRANSPORT_DB")));

        Assert.Contains("neither 'env:NAME' nor 'config:Section:Key'", thrown.Message, StringComparison.Ordinal);
    }
}
