using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace DataCatalog.Host.Startup;

/// <summary>Ready when the catalog database answers and the harvest scheduler runs.</summary>
internal sealed class CatalogHealthCheck(IDbContextFactory<CatalogDbContext> contexts, ISchedulerFactory schedulers, CatalogDatabaseMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!monitor.IsAvailable)
        {
            return HealthCheckResult.Unhealthy("The catalog database is down; the catalog is reconnecting.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The catalog database does not answer.");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("The harvest scheduler is not running.");
    }
}
