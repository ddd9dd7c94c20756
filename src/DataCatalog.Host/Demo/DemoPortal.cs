using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataCatalog.Host.Demo;

/// <summary>The demo city's open-data portal: a CKAN <c>package_search</c> API and its CSV resources on a loopback port.</summary>
/// <remarks>It stands in for data.go.kr or a city CKAN so the demo's <c>ckan</c> source harvests over real HTTP.</remarks>
public sealed class DemoPortal : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private DemoPortal(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The portal's base URL, as a <c>ckan</c> source's connection.</summary>
    public string BaseUrl { get; }

    public static DemoPortal Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            try
            {
                return new DemoPortal(port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closing the listener ends the pending GetContextAsync this way.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var path = context.Request.Url?.AbsolutePath ?? "/";
            var (status, type, body) = path switch
            {
                "/api/3/action/package_search" => (200, "application/json; charset=utf-8", PackageSearch(context.Request.QueryString["start"], context.Request.QueryString["rows"])),
                "/dataset/bike-rental/resource/rentals.csv" => (200, "text/csv; charset=utf-8", BikeRentalCsv()),
                _ => (404, "application/json; charset=utf-8", """{"success": false, "error": {"__type": "Not Found Error", "message": "Not found"}}"""),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = type;
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    private string PackageSearch(string? startText, string? rowsText)
    {
        var start = int.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var rows = int.TryParse(rowsText, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 10;
        var all = Packages();
        var page = new JsonArray(all.Skip(start).Take(rows).Select(p => (JsonNode)p).ToArray());
        var result = new JsonObject
        {
            ["help"] = BaseUrl + "api/3/action/help_show?name=package_search",
            ["success"] = true,
            ["result"] = new JsonObject
            {
                ["count"] = all.Count,
                ["facets"] = new JsonObject(),
                ["results"] = page,
                ["sort"] = "score desc, metadata_modified desc",
                ["search_facets"] = new JsonObject(),
            },
        };
        return result.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private List<JsonObject> Packages() =>
    [
        Package("bike-rental", "공공자전거 대여소별 이용 현황", "대여소별 월간 대여 건수와 반납 건수", "교통", ["공공자전거", "따릉이", "대여소"],
            "월", [("CSV", BaseUrl + "dataset/bike-rental/resource/rentals.csv", "대여소별 이용 현황")]),
        Package("air-quality", "실시간 대기환경 측정 정보", "자치구별 미세먼지(PM10), 초미세먼지(PM2.5), 오존 농도", "환경", ["대기질", "미세먼지"],
            "실시간", [("JSON", BaseUrl + "dataset/air-quality/resource/api", "Open API")]),
        Package("library-list", "공공도서관 현황", null, "문화관광", ["도서관"], null, [("XLSX", BaseUrl + "dataset/library-list/resource/libraries.xlsx", "도서관 목록")]),
    ];

    private static JsonObject Package(string name, string title, string? notes, string group, string[] tags, string? cycle, (string Format, string Url, string Name)[] resources)
    {
        var extras = new JsonArray();
        if (cycle is not null)
        {
            extras.Add(new JsonObject { ["key"] = "update_cycle", ["value"] = cycle });
        }

        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["name"] = name,
            ["title"] = title,
            ["notes"] = notes,
            ["license_id"] = "KOGL-1",
            ["license_title"] = "공공누리 제1유형: 출처표시",
            ["metadata_created"] = "2024-03-02T09:00:00.000000",
            ["metadata_modified"] = "2025-10-15T14:30:00.000000",
            ["maintainer_email"] = "opendata@city.example.kr",
            ["organization"] = new JsonObject { ["name"] = "data-policy", ["title"] = "데이터정책과" },
            ["groups"] = new JsonArray(new JsonObject { ["name"] = group, ["title"] = group }),
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["display_name"] = t }).ToArray()),
            ["extras"] = extras,
            ["resources"] = new JsonArray(resources.Select(x => (JsonNode)new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["name"] = x.Name,
                ["format"] = x.Format,
                ["url"] = x.Url,
            }).ToArray()),
        };
    }

    private static string BikeRentalCsv()
    {
        var csv = new StringBuilder("대여소번호,대여소명,기준연월,대여건수,반납건수\n");
        for (var i = 1; i <= 400; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{100 + (i % 80)},\"대여소 {i % 80}\",2025{(i % 12) + 1:00},{(i * 37) % 900},{(i * 41) % 880}\n");
        }

        return csv.ToString();
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
