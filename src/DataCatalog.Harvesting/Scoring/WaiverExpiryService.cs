using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>Re-opens findings whose waiver expired, every <see cref="Interval"/>, between scorings too.</summary>
public sealed class WaiverExpiryService(FindingActions findings, TimeProvider clock, ILogger<WaiverExpiryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                if (await findings.ExpireWaiversAsync(stoppingToken) is var reopened and > 0)
                {
                    logger.LogInformation("{Count} findings re-opened: their waivers expired", reopened);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("The waiver expiry check failed and runs again in {Interval}: {Reason}", Interval, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
