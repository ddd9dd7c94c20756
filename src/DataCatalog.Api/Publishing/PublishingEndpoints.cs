using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Publishing;

/// <summary>
/// The city's own catalogue, public: <c>/catalog.jsonld</c> and <c>/catalog.rdf</c> (DCAT-AP 3, paged with hydra,
/// <c>?page=N</c>) and <c>/catalog.csv</c> (the national portal's catalogue list, every public dataset in one file).
/// Settings: <c>Publishing:Title</c>, <c>Publishing:BaseUrl</c> (the address harvesters use; default the request's),
/// <c>Publishing:InstitutionCode</c> (행정표준기관코드 for 제공기관코드), <c>Publishing:PageSize</c> (default 100).
/// </summary>
public static class PublishingEndpoints
{
    public static IEndpointRouteBuilder MapCatalogPublishing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/catalog.jsonld", (HttpContext http) => PageAsync(http, "application/ld+json; charset=utf-8", DcatJsonLdWriter.WriteAsync));
        endpoints.MapGet("/catalog.rdf", (HttpContext http) => PageAsync(http, "application/rdf+xml; charset=utf-8", DcatRdfXmlWriter.WriteAsync));
        endpoints.MapGet("/catalog.csv", CsvAsync);
        return endpoints;
    }

    private static async Task PageAsync(HttpContext http, string contentType, Func<Stream, PublishedPage, string, string, CancellationToken, Task> write)
    {
        var text = http.Request.Query["page"].ToString();
        var page = 1;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { code = "BAD_REQUEST", message = $"page is a whole number from 1; '{text}' is not one." }, http.RequestAborted);
            return;
        }

        var publication = http.RequestServices.GetRequiredService<CatalogPublication>();
        var result = await publication.PageAsync(page, PageSize(http), http.RequestAborted);
        if (page > result.LastPage)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new { code = "NOT_FOUND", message = $"The catalogue has {result.LastPage} page(s)." }, http.RequestAborted);
            return;
        }

        http.Response.ContentType = contentType;
        await write(http.Response.Body, result, BaseUrl(http), Title(http), http.RequestAborted);
    }

    private static async Task CsvAsync(HttpContext http)
    {
        var publication = http.RequestServices.GetRequiredService<CatalogPublication>();
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"catalog.csv\"";
        var code = http.RequestServices.GetRequiredService<IConfiguration>()["Publishing:InstitutionCode"];
        await PortalCatalogueCsv.WriteAsync(http.Response.Body, Pages(publication, PageSize(http), http.RequestAborted), BaseUrl(http), code, http.RequestAborted);
    }

    private static async IAsyncEnumerable<PublishedPage> Pages(CatalogPublication publication, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var result = await publication.PageAsync(page, pageSize, cancellationToken);
            yield return result;
            if (page >= result.LastPage)
            {
                yield break;
            }
        }
    }

    private static int PageSize(HttpContext http) =>
        int.TryParse(http.RequestServices.GetRequiredService<IConfiguration>()["Publishing:PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : CatalogPublication.PageSize;

    private static string BaseUrl(HttpContext http) =>
        (http.RequestServices.GetRequiredService<IConfiguration>()["Publishing:BaseUrl"] is { Length: > 0 } configured
            ? configured
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}").TrimEnd('/');

    private static string Title(HttpContext http) =>
        http.RequestServices.GetRequiredService<IConfiguration>()["Publishing:Title"] is { Length: > 0 } title ? title : "시 데이터 카탈로그";
}
