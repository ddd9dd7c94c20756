using System.Globalization;
using DataCatalog.Core.Sources;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Options of a <c>postgres</c> source, read from its definition's <c>options</c>.</summary>
/// <param name="Schemas">Schemas to harvest; all non-system schemas when empty.</param>
/// <param name="SampleAboveRows">Tables estimated above this many rows are profiled over a <c>TABLESAMPLE</c>.</param>
/// <param name="SampleRows">About how many rows a sample should hold.</param>
/// <param name="ViewRowLimit">Views are profiled over their first rows, at most this many.</param>
/// <param name="StatementTimeout">Longest a profiling statement may run before that table fails alone.</param>
/// <param name="TopValues">Most frequent values kept per column.</param>
public sealed record PostgresConnectorOptions(
    IReadOnlyList<string> Schemas,
    long SampleAboveRows = 1_000_000,
    long SampleRows = 100_000,
    long ViewRowLimit = 100_000,
    TimeSpan StatementTimeout = default,
    int TopValues = 10)
{
    public TimeSpan StatementTimeout { get; init; } = StatementTimeout == default ? TimeSpan.FromSeconds(60) : StatementTimeout;

    public static PostgresConnectorOptions From(SourceDefinition source)
    {
        var schemas = (source.Option("schemas") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new PostgresConnectorOptions(
            schemas,
            Long(source, "sampleAboveRows") ?? 1_000_000,
            Long(source, "sampleRows") ?? 100_000,
            Long(source, "viewRowLimit") ?? 100_000,
            TimeSpan.FromSeconds(Long(source, "statementTimeoutSeconds") ?? 60));
    }

    private static long? Long(SourceDefinition source, string key)
    {
        var text = source.Option(key);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"Source '{source.Id}': option '{key}' must be a positive whole number, not '{text}'.");
    }
}
