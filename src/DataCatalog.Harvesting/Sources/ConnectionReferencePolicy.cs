using Microsoft.Extensions.Configuration;

namespace DataCatalog.Harvesting.Sources;

/// <summary>Which environment variables and configuration keys a source file may name as its connection.</summary>
/// <remarks>A source file is written by a department, but its connection is read with the harvester's own rights: without
/// a fence, a file naming <c>ConnectionStrings:Catalog</c> (or any other secret of the node) would have the harvester
/// connect with it and show the result as a source. So a reference must lie under a prefix the operator chooses
/// (<c>Harvest:Connections:EnvPrefix</c>, default <c>DATACATALOG_SOURCE_</c>; <c>Harvest:Connections:ConfigPrefix</c>,
/// default <c>Sources:</c>), and the catalog's own connection string is refused under any prefix and in any spelling.
/// The loader checks this when files are validated or applied, the resolver again before every harvest.</remarks>
public sealed class ConnectionReferencePolicy
{
    public const string DefaultEnvPrefix = "DATACATALOG_SOURCE_";
    public const string DefaultConfigPrefix = "Sources:";
    public const string Section = "Harvest:Connections";

    /// <summary>The allowed prefix of environment variable names (compared case-sensitively, as Linux does).</summary>
    public string EnvPrefix { get; init; } = DefaultEnvPrefix;

    /// <summary>The allowed prefix of configuration keys (compared case-insensitively, as configuration does).</summary>
    public string ConfigPrefix { get; init; } = DefaultConfigPrefix;

    public static ConnectionReferencePolicy Default { get; } = new();

    /// <summary>Reads <c>Harvest:Connections:EnvPrefix</c> and <c>:ConfigPrefix</c>, defaulting each that is not set.</summary>
    public static ConnectionReferencePolicy From(IConfiguration? configuration) => new()
    {
        EnvPrefix = configuration?[Section + ":EnvPrefix"] ?? DefaultEnvPrefix,
        ConfigPrefix = configuration?[Section + ":ConfigPrefix"] ?? DefaultConfigPrefix,
    };

    /// <summary>Why an environment variable may not be a source's connection, and the fix; null when it may.</summary>
    public (string Problem, string Fix)? CheckEnvironmentVariable(string name)
    {
        if (IsCatalogConnection(name))
        {
            return CatalogRefusal($"environment variable '{name}'", $"{{\"env\": \"{EnvPrefix}<SOURCE>\"}}");
        }

        return name.StartsWith(EnvPrefix, StringComparison.Ordinal) && name.Length > EnvPrefix.Length
            ? null
            : ($"The connection names environment variable '{name}', outside the prefix '{EnvPrefix}' that this catalog lets source files read.",
                $"name a variable that starts with {EnvPrefix}, e.g. {{\"env\": \"{EnvPrefix}{name.ToUpperInvariant()}\"}}, and set it in the harvester's " +
                $"environment (the operator sets the prefix with {Section}:EnvPrefix)");
    }

    /// <summary>Why a configuration key may not be a source's connection, and the fix; null when it may.</summary>
    public (string Problem, string Fix)? CheckConfigurationKey(string key)
    {
        if (IsCatalogConnection(key))
        {
            return CatalogRefusal($"configuration key '{key}'", $"{{\"config\": \"{ConfigPrefix}<Source>\"}}");
        }

        if (key.StartsWith(ConfigPrefix, StringComparison.OrdinalIgnoreCase) && key.Length > ConfigPrefix.Length)
        {
            return null;
        }

        var lastSection = key[(key.LastIndexOf(':') + 1)..];
        return ($"The connection names configuration key '{key}', outside the prefix '{ConfigPrefix}' that this catalog lets source files read.",
            $"name a key under {ConfigPrefix}, e.g. {{\"config\": \"{ConfigPrefix}{lastSection}\"}}, and set it in the harvester's configuration " +
            $"(the operator sets the prefix with {Section}:ConfigPrefix)");
    }

    // ConnectionStrings:Catalog, its environment spelling ConnectionStrings__Catalog, the same behind a provider prefix
    // (DOTNET_, ASPNETCORE_) and the Azure-style CUSTOMCONNSTR_Catalog all reach the catalog's own connection.
    private static bool IsCatalogConnection(string name)
    {
        var key = name.Replace("__", ":", StringComparison.Ordinal);
        return key.Equals("ConnectionStrings:Catalog", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("_ConnectionStrings:Catalog", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("CONNSTR_Catalog", StringComparison.OrdinalIgnoreCase);
    }

    private static (string, string) CatalogRefusal(string what, string example) =>
        ($"The connection names {what}: the catalog's own database connection, which a source may never use.",
            $"give the source a connection of its own, e.g. {example}, holding that source's read-only connection");
}
