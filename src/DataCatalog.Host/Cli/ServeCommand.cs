using System.CommandLine;
using DataCatalog.Api.Access;
using DataCatalog.Api.Publishing;
using DataCatalog.Api.Reports;
using DataCatalog.Harvesting;
using DataCatalog.Host.Startup;
using DataCatalog.Persistence.Embedded;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace DataCatalog.Host.Cli;

/// <summary><c>serve</c>: the catalog with its scheduler and GraphQL endpoint.</summary>
public static class ServeCommand
{
    public const string Name = "serve";

    public const string DefaultUrl = "http://127.0.0.1:5080";

    private const string ReadyTag = "ready";

    /// <summary>The <c>serve</c> command; the root takes its options and action, so it is also the default.</summary>
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where GraphQL, /healthz and /readyz listen (default {DefaultUrl}; several separated by ';').",
            HelpName = "url",
        };
        var serve = new Command(Name, "Run the catalog: scheduler, harvests and the GraphQL endpoint (/graphql, /healthz, /readyz); the default.") { urls };
        serve.SetAction((parse, cancellationToken) =>
        {
            var url = parse.GetValue(urls);
            return RunAsync([.. CatalogCommandLine.HostArgs(parse), .. url is null ? [] : new[] { "--urls=" + url }], cancellationToken);
        });
        return serve;
    }

    private static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Server, cancellationToken);
        var harvest = CatalogServices.HarvestOptions(builder.Configuration);
        // One identity per process: the runs this node records and its Quartz instance carry the same id.
        builder.Configuration["Harvest:InstanceId"] = harvest.InstanceId;
        builder.Services.AddHarvestScheduling(
            CatalogServices.ConnectionStrings(builder.Configuration, database.ConnectionString).Scheduler, harvest.MaxConcurrentHarvests, harvest);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<CatalogDatabaseMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogDatabaseMonitor>());
        builder.Services.AddHostedService<CatalogStartup>();
        builder.Services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag]);
        using (var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true)))
        {
            var logger = loggers.CreateLogger("DataCatalog.Startup");
            var (auth, issuer) = await CatalogAuth.ReadAsync(builder.Configuration, builder.Environment, logger, cancellationToken);
            builder.Services.AddCatalogAuthentication(auth, issuer);
            logger.LogInformation(
                "Authentication: {Issuers}; anonymous access {Anonymous}",
                string.Join(", ", new[] { auth.Authority, auth.Issuer, issuer is null ? null : "development tokens (auth token, POST /auth/token)" }.Where(s => !string.IsNullOrWhiteSpace(s)).DefaultIfEmpty("no token issuer configured (Auth:Authority, Auth:Issuer with Auth:SigningKeys)")),
                auth.AllowAnonymous ? "on (Auth:AllowAnonymous): callers without a token read as analysts" : "off");
        }

        var app = builder.Build();
        app.MapCatalogFrontDoor(app.Configuration);
        app.MapReportEndpoints();
        app.MapCatalogPublishing();
        // Liveness is the process answering; readiness is the database answering and the scheduler running, so an
        // orchestrator stops routing to a node whose database is down without restarting a node that will recover.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapCatalogWebApp();
        await app.RunAsync();
        return 0;
    }
}
