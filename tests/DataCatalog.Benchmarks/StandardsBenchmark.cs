using System.Diagnostics;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Standards;
using DataCatalog.Testing;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>standards</c> verb: how fast the term checker judges columns against the full shipped 2024-11 dictionary
/// (2,398 words, 9,039 terms, 115 domains), per kind of column and for a mix, on one thread.</summary>
internal static class StandardsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var columns = 2_000_000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--columns" && i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0)
            {
                columns = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"standards: unknown argument '{args[i]}'. Usage: standards [--columns 2000000]");
                return 2;
            }
        }

        var folder = RepositoryPaths.Combine("src", "DataCatalog.Host", "Standards", "2024-11");
        var read = new List<StandardDictionaryFileRead>();
        foreach (var file in new[] { "words.csv", "terms.csv", "domains.csv" })
        {
            read.Add(await StandardDictionaryFile.ReadAsync(Path.Combine(folder, file), CancellationToken.None));
        }

        var dictionary = new StandardDictionary(read[0].Parse.Words, read[1].Parse.Terms, read[2].Parse.Domains);
        var build = Stopwatch.StartNew();
        var checker = new StandardTermChecker(dictionary);
        build.Stop();
        Console.WriteLine($"dictionary {dictionary.Words.Count:N0} words, {dictionary.Terms.Count:N0} terms, {dictionary.Domains.Count:N0} domains; indexes built in {build.Elapsed.TotalMilliseconds:F0} ms");

        var domains = dictionary.Domains.Where(d => !d.Retired).GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First());
        var terms = dictionary.Terms.Where(t => !t.Retired && t.DomainName is not null && domains.ContainsKey(t.DomainName)).ToList();
        // Columns as harvests see them: standard Korean names and abbreviations with their domain's type, the same with a
        // wrong type, and names that are not standard (a synonym in place of the class word, an unknown word) that need suggestions.
        var conformant = terms.SelectMany(t => new[]
        {
            new StandardColumnInput(t.Name, DataType: domains[t.DomainName!].SqlType.ToLowerInvariant()),
            new StandardColumnInput(t.Abbreviation.ToLowerInvariant(), t.Name, domains[t.DomainName!].SqlType),
        }).ToArray();
        var mismatched = terms.Select(t => new StandardColumnInput(t.Abbreviation, DataType: "text")).ToArray();
        var nonStandard = terms.Where(t => t.Name.EndsWith('명')).Select(t => new StandardColumnInput(t.Name[..^1] + "이름", DataType: "varchar(100)"))
            .Concat(terms.Take(3000).Select((t, i) => new StandardColumnInput(t.Name + "임시" + (i % 7), DataType: "varchar(50)")))
            .ToArray();

        Console.WriteLine($"{"columns",-34} {"checked",12} {"seconds",8} {"columns/s",12} {"µs/column",10} {"cpu s",8} {"cpu µs/col",10}");
        var totals = new Dictionary<StandardConformance, long>();
        Measure("standard names, right type", conformant, columns / 2, checker, totals);
        Measure("standard names, wrong type", mismatched, columns / 4, checker, totals);
        Measure("non-standard, with suggestions", nonStandard, columns / 4, checker, totals);
        var mix = conformant.Concat(mismatched).Concat(nonStandard).ToArray();
        new Random(8).Shuffle(mix);
        var (seconds, perSecond) = Measure("mix of the three (2:1:1 rows)", mix, columns, checker, totals);
        Console.WriteLine($"conformance over everything checked: {string.Join(", ", totals.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}");
        Console.WriteLine($"{columns:N0} mixed columns in {seconds:F1} s on one thread ({perSecond:N0} columns/s)");
        return 0;
    }

    private static (double Seconds, double PerSecond) Measure(string label, StandardColumnInput[] inputs, int count, StandardTermChecker checker, Dictionary<StandardConformance, long> totals)
    {
        // Warm-up: JIT and caches, so the figure is the steady state.
        for (var i = 0; i < Math.Min(inputs.Length, 20_000); i++)
        {
            checker.Check(inputs[i]);
        }

        var counts = new long[4];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            counts[(int)checker.Check(inputs[i % inputs.Length]).Conformance]++;
        }

        watch.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        for (var c = 0; c < counts.Length; c++)
        {
            totals[(StandardConformance)c] = totals.GetValueOrDefault((StandardConformance)c) + counts[c];
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var perSecond = count / seconds;
        Console.WriteLine($"{label,-34} {count,12:N0} {seconds,8:F2} {perSecond,12:N0} {1e6 / perSecond,10:F2} {cpuSeconds,8:F2} {1e6 * cpuSeconds / count,10:F2}");
        return (seconds, perSecond);
    }
}
