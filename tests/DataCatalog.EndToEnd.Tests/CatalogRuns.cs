using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataCatalog.Testing;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>What the resilience tests read and write around a running catalog: run history, demo source files with a
/// fast schedule, and the catalog database's address inside a data folder.</summary>
internal static class CatalogRuns
{
    public static readonly string[] DemoSources = ["city-open-data", "culture-files", "safety-db", "transport-db", "welfare-db"];

    /// <summary>One harvest run as GraphQL returns it.</summary>
    public sealed record Run(string Id, string SourceId, string Trigger, string Status, string Node, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

    /// <summary>The last 100 runs, or the last 100 of <paramref name="sourceId"/>, read as an admin (so with their errors).</summary>
    public static async Task<IReadOnlyList<Run>> RunsAsync(CatalogProcess catalog, string? sourceId = null)
    {
        var filter = sourceId is null ? "" : $", sourceId: \"{sourceId}\"";
        var data = await catalog.AdminQueryAsync($"{{ harvestRuns(last: 100{filter}) {{ id sourceId trigger status node startedAt finishedAt error }} }}");
        return data.GetProperty("harvestRuns").EnumerateArray().Select(r => new Run(
            r.GetProperty("id").GetString()!,
            r.GetProperty("sourceId").GetString()!,
            r.GetProperty("trigger").GetString()!,
            r.GetProperty("status").GetString()!,
            r.GetProperty("node").GetString()!,
            DateTimeOffset.Parse(r.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture),
            r.GetProperty("finishedAt").ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(r.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture),
            r.GetProperty("error").ValueKind == JsonValueKind.Null ? null : r.GetProperty("error").GetString())).ToList();
    }

    /// <summary>A copy of the demo's source files in a new temp folder, with <paramref name="schedule"/> for the sources
    /// named (all when none are).</summary>
    public static string DemoSourceFiles(string schedule, params string[] sourceIds)
    {
        var folder = Directory.CreateTempSubdirectory("datacatalog-e2e-demo-sources-").FullName;
        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("src", "DataCatalog.Host", "Demo", "Sources"), "*.json"))
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            json.AsObject().Remove("$schema");
            foreach (var source in json["sources"]!.AsArray())
            {
                if (sourceIds.Length == 0 || sourceIds.Contains(source!["id"]!.GetValue<string>()))
                {
                    source!["schedule"] = schedule;
                }
            }

            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), json.ToJsonString());
        }

        return folder;
    }

    /// <summary>The superuser connection string of the catalog database of the embedded cluster in <paramref name="dataFolder"/>.</summary>
    public static string CatalogConnectionString(string dataFolder)
    {
        var port = File.ReadAllText(Path.Combine(dataFolder, "owner")).Split(' ')[2].Trim();
        var password = File.ReadAllText(Path.Combine(dataFolder, "superuser.secret")).Trim();
        return $"Host=127.0.0.1;Port={port};Database=catalog;Username=catalog;Password={password}";
    }

    /// <summary>Stops an embedded cluster a killed catalog left running (fast shutdown), so a test leaves no server behind.</summary>
    public static void StopLeftoverCluster(string dataFolder)
    {
        var pidFile = Path.Combine(dataFolder, "pgdata", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid))
        {
            CatalogProcess.Signal(pid, "INT");
        }
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder goes with the machine.
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by the postgres user when run as root; the temp folder goes with the machine.
        }
    }
}
