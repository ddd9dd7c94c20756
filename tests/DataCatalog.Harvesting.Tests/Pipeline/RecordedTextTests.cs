using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence.Model;

namespace DataCatalog.Harvesting.Tests.Pipeline;

public sealed class RecordedTextTests
{
    [Theory]
    [InlineData("Failed to connect to 127.0.0.1:5433", "Failed to connect to ***")]
    [InlineData("Failed to connect to [::1]:5433", "Failed to connect to ***")]
    [InlineData("could not connect to db.transport.internal:5432 (refused)", "could not connect to *** (refused)")]
    [InlineData("28P01: password authentication failed for user \"transport_ro\"", "28P01: password authentication failed for user \"***\"")]
    [InlineData("bad Host=10.1.2.3;Port=5433;Username=ro;Password=s3cret;Database=x", "bad Host=***;Port=***;Username=***;Password=***;Database=***")]
    [InlineData("GET https://portal.example.kr/api/3/action/package_search?serviceKey=abc123&rows=10 failed", "GET https://portal.example.kr/api/3/action/package_search?serviceKey=***&rows=*** failed")]
    [InlineData("GET https://user:pw@portal.example.kr/data.csv failed", "GET https://portal.example.kr/data.csv failed")]
    [InlineData("postgresql://ro:pw@10.0.0.5:5432/transport refused", "postgresql://*** refused")]
    [InlineData("b.csv: line 3 has 2 fields, expected 3 (at 12:30)", "b.csv: line 3 has 2 fields, expected 3 (at 12:30)")]
    public void Recorded_text_keeps_the_problem_and_masks_the_connection(string text, string expected) =>
        Assert.Equal(expected, RecordedText.Redact(text));

    [Fact]
    public async Task A_failed_runs_recorded_error_names_the_source_and_the_fix_but_not_the_server_or_user()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("down-db", SourceKind.Postgres, "Host=127.0.0.1;Port=1;Database=transport;Username=transport_ro;Password=p;Timeout=2");

        var run = await harness.Runner.RunAsync("down-db", "test", default);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.StartsWith("Source 'down-db': cannot read the PostgreSQL database at ***", run.Error, StringComparison.Ordinal);
        Assert.Contains("Check that the server is up and that the connection named by 'config:Sources:down-db' is right.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("transport_ro", run.Error, StringComparison.Ordinal);
    }
}
