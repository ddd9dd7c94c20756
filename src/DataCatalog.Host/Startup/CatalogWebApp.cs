using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace DataCatalog.Host.Startup;

/// <summary>Serves the web app built from <c>src/DataCatalog.Web</c> (copied to <c>web/</c> beside the executable) at
/// <c>/</c>, and GraphiQL at <c>/graphql/ui</c> where introspection is allowed.</summary>
internal static class CatalogWebApp
{
    /// <summary>Paths that belong to the API: a miss under them is a 404, never the app's page.</summary>
    private static readonly string[] ServerPrefixes = ["/graphql", "/auth", "/reports", "/catalog.", "/healthz", "/readyz", "/assets/"];

    /// <summary>Folder of the bundle beside the executable (the Host project's build copies it there).</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "web");

    /// <summary>Whether <c>/graphql/ui</c> is served: <c>Web:GraphiQL</c>, else wherever introspection is on
    /// (<c>GraphQL:EnableIntrospection</c>, else the Development environment), since GraphiQL is useless without it.</summary>
    public static bool GraphiQLEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Web:GraphiQL")
        ?? configuration.GetValue<bool?>("GraphQL:EnableIntrospection")
        ?? environment.IsDevelopment();

    public static void MapCatalogWebApp(this WebApplication app)
    {
        var root = WebRoot;
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning(
                "The web app is not built ({Index} is missing), so / answers 404: build the Host project with npm on the PATH (it runs 'npm ci' and 'npm run build' in src/DataCatalog.Web)",
                index);
            return;
        }

        var files = new PhysicalFileProvider(root);
        // The GraphiQL page lives at /graphql/ui only, where its switch is checked.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Equals("/graphiql.html", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = static file => SetCaching(file.Context.Request.Path, file.Context.Response.Headers),
        });

        if (GraphiQLEnabled(app.Configuration, app.Environment))
        {
            app.MapMethods("/graphql/ui", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => SendPageAsync(context, files, "graphiql.html"))
                .WithDisplayName("GraphiQL");
        }

        // Client routes (/search, /datasets/42, …) get the app's page; the app decides what to show. Paths that name a
        // file (a dot in the last segment) are left to the static files: a matched endpoint would keep them from serving.
        app.MapFallback("{**path:nonfile}", (HttpContext context) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                || ServerPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return SendPageAsync(context, files, "index.html");
        });
    }

    /// <summary>Hashed assets never change under their name; the pages that name them are checked on every load.</summary>
    private static void SetCaching(PathString path, IHeaderDictionary headers)
    {
        headers[HeaderNames.CacheControl] = path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }

    private static async Task SendPageAsync(HttpContext context, IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await context.Response.SendFileAsync(file, context.RequestAborted);
    }
}
