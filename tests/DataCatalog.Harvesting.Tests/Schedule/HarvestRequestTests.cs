using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Schedule;
using DataCatalog.Persistence.Audit;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Schedule;

/// <summary>A harvest asked for now (the GraphQL <c>requestHarvest</c>) runs through the real scheduler and is an audit event.</summary>
[Collection(SchedulerCollection.Name)]
public sealed class HarvestRequestTests : IDisposable
{
    private readonly string _drop = Directory.CreateTempSubdirectory("datacatalog-request-").FullName;

    public void Dispose() => Directory.Delete(_drop, recursive: true);

    [Fact]
    public async Task A_requested_harvest_runs_with_trigger_manual_and_the_request_is_one_audit_event()
    {
        await File.WriteAllTextAsync(Path.Combine(_drop, "stops.csv"), "stop_id,name\n1,시청\n2,광화문\n");
        await using var harness = await SchedulingHarness.CreateAsync(await TestPostgres.CreateCatalogDatabaseAsync());
        await harness.AddSourceAsync("stops-drop", SourceKind.FileDrop, _drop);
        await harness.RecordPastRunAsync("stops-drop");
        await harness.SynchronizeAsync();
        await harness.StartAsync();

        var refused = await harness.Requests.RequestAsync("stops-drop", new AuditActor("kim", "steward"), code => code == "welfare", default);
        var outcome = await harness.Requests.RequestAsync("stops-drop", new AuditActor("kim", "steward", "req-1"), code => code == "schedule", default);
        await SchedulingHarness.WaitUntilAsync(
            async () => (await harness.RunsAsync("stops-drop")).Any(r => r.Trigger == "manual" && r.FinishedAt is not null),
            TimeSpan.FromSeconds(90), "the requested harvest to finish");

        Assert.Equal(HarvestRequestRefusal.Forbidden, refused.Refusal);
        Assert.Equal(("stops-drop", "kim", (long?)null), (outcome.Request!.SourceId, outcome.Request.RequestedBy, outcome.Request.RunId));
        await using var db = harness.Catalog();
        var audit = Assert.Single(await db.AuditEvents.ToListAsync());
        Assert.Equal(("harvest.request", "source", "stops-drop", "schedule", "req-1"), (audit.Action, audit.TargetKind, audit.TargetId, audit.Department, audit.RequestId));
    }
}
