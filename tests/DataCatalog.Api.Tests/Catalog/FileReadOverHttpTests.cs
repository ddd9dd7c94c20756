using System.Text.Json;

namespace DataCatalog.Api.Tests.Catalog;

public sealed class FileReadOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>
{
    private const string Query = """
        query($id: ID!) { dataset(id: $id) { kind fileRead { format encoding delimiter header headerCertain droppedColumns sheet } } }
        """;

    [Fact]
    public async Task A_dropped_csv_shows_its_encoding_delimiter_header_decision_and_dropped_columns()
    {
        var read = (await server.DataAsync(Query, new { id = server.Ids.Datasets["drops/bus_shelter.csv"] })).GetProperty("dataset").GetProperty("fileRead");

        Assert.Equal("csv", read.GetProperty("format").GetString());
        Assert.Equal("CP949", read.GetProperty("encoding").GetString());
        Assert.Equal(",", read.GetProperty("delimiter").GetString());
        Assert.True(read.GetProperty("header").GetBoolean());
        Assert.False(read.GetProperty("headerCertain").GetBoolean());
        Assert.Equal(["column_17 (after '데이터기준일자')"], read.GetProperty("droppedColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("sheet").ValueKind);
    }

    [Fact]
    public async Task A_workbook_shows_its_sheet_and_no_encoding()
    {
        var read = (await server.DataAsync(Query, new { id = server.Ids.Datasets["drops/ev_charger.xlsx"] })).GetProperty("dataset").GetProperty("fileRead");

        Assert.Equal("xlsx", read.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("encoding").ValueKind);
        Assert.Equal("충전소", read.GetProperty("sheet").GetString());
        Assert.Empty(read.GetProperty("droppedColumns").EnumerateArray());
    }

    [Fact]
    public async Task A_table_has_no_file_read_details()
    {
        var dataset = (await server.DataAsync(Query, new { id = server.Ids.Datasets["public.parking_lot"] })).GetProperty("dataset");

        Assert.Equal(JsonValueKind.Null, dataset.GetProperty("fileRead").ValueKind);
    }
}
