namespace DataCatalog.Core.Sources;

/// <summary>A department source as declared in a source file (<c>schemas/source.schema.json</c>).</summary>
/// <param name="Id">Stable slug, unique across the city (<c>transport-db</c>).</param>
/// <param name="Department">Department code (<c>transport</c>).</param>
/// <param name="Kind">One of <see cref="SourceKind"/>.</param>
/// <param name="ConnectionRef">Name of the configuration key or environment variable that holds the connection
/// (a connection string, a folder, a URL). The secret itself never appears in a source file or in the catalog.</param>
/// <param name="Schedule">Quartz cron expression (seconds first).</param>
/// <param name="TimeZone">IANA time zone of the schedule.</param>
/// <param name="Options">Kind-specific options (schemas to include, sample threshold, delimiter…).</param>
public sealed record SourceDefinition(
    string Id,
    string Department,
    string Kind,
    string Name,
    string ConnectionRef,
    string Schedule,
    string TimeZone = "Asia/Seoul",
    string? RuleSet = null,
    string? Owner = null,
    IReadOnlyDictionary<string, string>? Options = null)
{
    public string? Option(string key) => Options is not null && Options.TryGetValue(key, out var value) ? value : null;
}
