using DataCatalog.Benchmarks;

// Each verb lives in its own file and reads its own arguments; add one by adding an entry here.
var verbs = new Dictionary<string, (string Usage, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["filedrop"] = ("filedrop [--mb 200]   generate a CP949 CSV of that size and time the file-drop connector over it", FileDropBenchmark.RunAsync),
    ["postgres"] = ("postgres [--rows 1000000]   load a table of that many rows and time its push-down profile, exact and sampled, beside count(*) and one aggregate pass", PostgresProfileBenchmark.RunAsync),
    ["postgres-source"] = ("postgres-source [--tables 1000] [--columns 20] [--rows 100] [--warm-up] harvest a whole source of small tables into a catalog, cold and unchanged", PostgresSourceBenchmark.RunAsync),
    ["standards"] = ("standards [--columns 2000000]   check that many columns against the full 2024-11 standard dictionary; columns per second", StandardsBenchmark.RunAsync),
    ["rules"] = ("rules [--rounds 5]   harvest the demo databases, then time re-scoring them from stored profiles (rules × datasets per second, push-down share)", RulesBenchmark.RunAsync),
    ["report-export"] = ("report-export [--rows 1000000]   export the rule-failures report over that many failed rule results (rows/s, peak memory) beside COPY (the same query) TO STDOUT", ReportExportBenchmark.RunAsync),
    ["search"] = ("search [--datasets 100000] [--columns 20] [--requests 200] [--folder DIR [--generate-only]]   generate (or, with --folder, reuse the catalog kept in DIR) a catalog that size with COPY, print each search shape's plan, p50/p95 at 1, 8 and 32 clients through GraphQL beside the same SQL", SearchBenchmark.RunAsync),
    ["concurrent"] = ("concurrent [--mb 20] [--runs 4]   CPU per file-drop harvest, one at a time against two at once (set DOTNET_gcServer to compare GC modes)", ConcurrentHarvestBenchmark.RunAsync),
};

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var verb))
{
    Console.Error.WriteLine("usage: DataCatalog.Benchmarks <verb> [options]");
    foreach (var (_, (usage, _)) in verbs)
    {
        Console.Error.WriteLine("  " + usage);
    }

    return 2;
}

return await verb.Run(args[1..]);
