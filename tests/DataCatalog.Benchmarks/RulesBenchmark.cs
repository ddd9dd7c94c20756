using System.Globalization;
using DataCatalog.Harvesting;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>rules</c> verb: re-scoring the demo databases from stored profiles after a rule-set change, as
/// rules × datasets per second, with the share of the time spent in push-down SQL (row probes at the sources).</summary>
internal static class RulesBenchmark
{
    private static readonly string[] Departments = ["transport", "safety", "welfare"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = 5;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                rounds = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"rules: unknown argument '{args[i]}'. Usage: rules [--rounds 5]");
                return 2;
            }
        }

        var catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0" }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(catalog).AddHarvesting(configuration).BuildServiceProvider();

        foreach (var department in Departments)
        {
            var source = await TestPostgres.CreateEmptyDatabaseAsync(department);
            await using (var connection = new NpgsqlConnection(source))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(RepositoryPaths.Combine("src", "DataCatalog.Host", "Demo", "Databases", department + ".sql")), connection);
                await command.ExecuteNonQueryAsync();
            }

            configuration[$"Sources:{department}"] = source;
            await using var db = TestPostgres.Context(catalog);
            db.Sources.Add(new Source
            {
                Id = department + "-db", Department = new Department { Code = department, Name = department }, Kind = "postgres", Name = department,
                ConnectionRef = $"config:Sources:{department}", Schedule = "0 0 3 * * ?",
            });
            await db.SaveChangesAsync();
            await services.GetRequiredService<HarvestRunner>().RunAsync(department + "-db", "bench", default);
        }

        int rules;
        int datasets;
        await using (var db = TestPostgres.Context(catalog))
        {
            datasets = await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Active);
            rules = (await services.GetRequiredService<DatasetScoring>().RuleSetsAsync(db, default))[RuleSetFileLoader.CityDefault].Rules.Count;
        }

        Console.WriteLine($"harvested  {datasets} datasets of {Departments.Length} demo databases; city default: {rules} rules");
        var rescoring = services.GetRequiredService<RuleSetCatalog>();
        var total = TimeSpan.Zero;
        var probes = TimeSpan.Zero;
        long outcomes = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var report = await rescoring.RescoreAsync(null, default);
            Console.WriteLine($"round {round}    {report.Datasets} datasets, {report.RuleOutcomes} rule outcomes in {report.Elapsed.TotalSeconds:F2} s " +
                              $"({report.ProbeTime.TotalSeconds:F2} s push-down SQL)");
            if (round > 1)
            {
                // The first round warms the JIT, EF's query cache and the connection pools.
                total += report.Elapsed;
                probes += report.ProbeTime;
                outcomes += report.RuleOutcomes;
            }
        }

        if (rounds > 1)
        {
            var seconds = total.TotalSeconds;
            Console.WriteLine($"steady     {(double)rules * datasets * (rounds - 1) / seconds:F0} rules × datasets per second, {outcomes / seconds:F0} rule outcomes per second, " +
                              $"{total.TotalSeconds / (rounds - 1):F2} s per re-scoring of the {datasets} datasets; push-down SQL {100 * probes / total:F0} % of the time");
        }

        return 0;
    }
}
