using Microsoft.Extensions.Configuration;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Turns a source's connection reference (<c>env:NAME</c> or <c>config:Key:Path</c>) into the connection itself.</summary>
/// <remarks>The value is a secret: it is handed to the connector and never logged or stored.</remarks>
public sealed class ConnectionResolver(IConfiguration configuration)
{
    public string Resolve(string sourceId, string connectionRef)
    {
        var (scheme, name) = connectionRef.IndexOf(':', StringComparison.Ordinal) is var at and > 0
            ? (connectionRef[..at], connectionRef[(at + 1)..])
            : ("", connectionRef);
        var value = scheme switch
        {
            "env" => Environment.GetEnvironmentVariable(name),
            "config" => configuration[name],
            _ => throw new InvalidOperationException(
                $"Source '{sourceId}': connection reference '{connectionRef}' must start with 'env:' or 'config:' (for example env:TRANSPORT_DB)."),
        };

        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(scheme == "env"
                ? $"Source '{sourceId}': environment variable '{name}' is not set; set it to the source's connection."
                : $"Source '{sourceId}': configuration key '{name}' is not set; add it to appsettings.json, an environment variable ({name.Replace(":", "__", StringComparison.Ordinal)}) or user secrets.")
            : value;
    }
}
