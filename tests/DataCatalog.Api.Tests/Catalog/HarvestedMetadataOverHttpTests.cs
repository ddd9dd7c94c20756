using System.Text.Json;
using DataCatalog.Core.Catalog;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Tests.Catalog;

/// <summary>What a portal declares about a dataset (dates, distributions, contact, landing page) reaches GraphQL as stored.</summary>
public sealed class HarvestedMetadataOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>
{
    private const string Query = """
        query($id: ID!) {
          dataset(id: $id) {
            issued modified contactPoint landingPage
            distributions { title format mediaType url byteSize }
          }
        }
        """;

    [Fact]
    public async Task A_portal_datasets_dates_distributions_contact_and_landing_page_are_served()
    {
        var id = server.Ids.Datasets["senior-center"];
        await using (var db = TestPostgres.Context(server.ConnectionString))
        {
            var dataset = await db.Datasets.SingleAsync(d => d.Id == id);
            dataset.SourceIssued = new DateTimeOffset(2022, 4, 11, 9, 12, 30, TimeSpan.Zero);
            dataset.SourceModified = new DateTimeOffset(2025, 11, 19, 21, 0, 0, TimeSpan.Zero);
            dataset.ContactPoint = "senior@busan.go.kr";
            dataset.LandingPage = "https://data.busan.go.kr/dataset/senior-center";
            dataset.Distributions =
            [
                new Distribution("CSV", "https://data.busan.go.kr/files/senior-center.csv", "경로당 목록", "text/csv", 5_368_709_120),
                new Distribution("JSON", "https://apis.data.go.kr/6260000/SeniorCenter"),
            ];
            await db.SaveChangesAsync();
        }

        var served = (await server.DataAsync(Query, new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).GetProperty("dataset");

        Assert.Equal(new DateTimeOffset(2022, 4, 11, 9, 12, 30, TimeSpan.Zero), served.GetProperty("issued").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 21, 0, 0, TimeSpan.Zero), served.GetProperty("modified").GetDateTimeOffset());
        Assert.Equal("senior@busan.go.kr", served.GetProperty("contactPoint").GetString());
        Assert.Equal("https://data.busan.go.kr/dataset/senior-center", served.GetProperty("landingPage").GetString());
        var distributions = served.GetProperty("distributions").EnumerateArray().ToList();
        Assert.Equal(2, distributions.Count);
        Assert.Equal(
            ("경로당 목록", "CSV", "text/csv", "https://data.busan.go.kr/files/senior-center.csv", 5_368_709_120L),
            (distributions[0].GetProperty("title").GetString(), distributions[0].GetProperty("format").GetString(),
                distributions[0].GetProperty("mediaType").GetString(), distributions[0].GetProperty("url").GetString(),
                distributions[0].GetProperty("byteSize").GetInt64()));
        Assert.Equal(JsonValueKind.Null, distributions[1].GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Null, distributions[1].GetProperty("mediaType").ValueKind);
        Assert.Equal(JsonValueKind.Null, distributions[1].GetProperty("byteSize").ValueKind);
        Assert.Equal("JSON", distributions[1].GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_table_without_portal_metadata_serves_nulls_and_an_empty_distribution_list()
    {
        var served = (await server.DataAsync(Query, new { id = server.Ids.Datasets["public.bus_route"].ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .GetProperty("dataset");

        Assert.Equal(JsonValueKind.Null, served.GetProperty("issued").ValueKind);
        Assert.Equal(JsonValueKind.Null, served.GetProperty("landingPage").ValueKind);
        Assert.Equal(0, served.GetProperty("distributions").GetArrayLength());
    }
}
