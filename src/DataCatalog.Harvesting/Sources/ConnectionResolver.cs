using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using Microsoft.Extensions.Configuration;

namespace DataCatalog.Harvesting.Sources;

/// <summary>Turns a source's <see cref="SourceDefinition.ConnectionRef"/> into the connection it names, from configuration or the environment.</summary>
/// <remarks>A <c>ConnectionRef</c> is <c>env:NAME</c> (an environment variable) or <c>config:Section:Key</c> (an
/// <see cref="IConfiguration"/> key, sections separated by colons), as <see cref="SourceFileLoader"/> writes it.
/// Messages name the variable or key, never the value.</remarks>
/// <param name="configuration">Configuration for <c>config:</c> references; null when only environment variables are used.</param>
/// <param name="environment">Environment lookup; <see cref="Environment.GetEnvironmentVariable(string)"/> when null (tests pass their own).</param>
/// <param name="policy">Which names a reference may use; read from <paramref name="configuration"/> when null. A reference
/// outside it is refused here too, for a source applied before the policy was set or written to the catalogue directly.</param>
public sealed class ConnectionResolver(IConfiguration? configuration, Func<string, string?>? environment = null, ConnectionReferencePolicy? policy = null)
{
    public const string EnvPrefix = "env:";
    public const string ConfigPrefix = "config:";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly ConnectionReferencePolicy _policy = policy ?? ConnectionReferencePolicy.From(configuration);

    /// <exception cref="SourceUnavailableException">The reference is malformed or names nothing with a value.</exception>
    public string Resolve(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reference = source.ConnectionRef;
        if (reference.StartsWith(EnvPrefix, StringComparison.Ordinal) && reference.Length > EnvPrefix.Length)
        {
            var name = reference[EnvPrefix.Length..];
            Refuse(source, _policy.CheckEnvironmentVariable(name));
            return NonEmpty(_environment(name)) ?? throw new SourceUnavailableException(
                $"Source '{source.Id}': environment variable '{name}' is not set or is empty, so the source's connection is unknown. " +
                $"Fix: set {name} in the harvester's environment (for example from the deployment's secret store) and restart the harvester.");
        }

        if (reference.StartsWith(ConfigPrefix, StringComparison.Ordinal) && reference.Length > ConfigPrefix.Length)
        {
            var key = reference[ConfigPrefix.Length..];
            Refuse(source, _policy.CheckConfigurationKey(key));
            if (configuration is null)
            {
                throw new SourceUnavailableException(
                    $"Source '{source.Id}': its connection is configuration key '{key}', but the harvester was given no configuration. " +
                    "Fix: pass the host's IConfiguration to ConnectionResolver.");
            }

            return NonEmpty(configuration[key]) ?? throw new SourceUnavailableException(
                $"Source '{source.Id}': configuration key '{key}' is missing or empty, so the source's connection is unknown. " +
                $"Fix: add it to user secrets or the environment (as {key.Replace(":", "__", StringComparison.Ordinal)}); keep secrets out of appsettings.json.");
        }

        throw new SourceUnavailableException(
            $"Source '{source.Id}': connection reference '{reference}' is neither 'env:NAME' nor 'config:Section:Key'. " +
            "Fix: declare the connection in the source file as {\"env\": \"NAME\"} or {\"config\": \"Section:Key\"}.");
    }

    private static void Refuse(SourceDefinition source, (string Problem, string Fix)? refusal)
    {
        if (refusal is { } r)
        {
            throw new SourceUnavailableException($"Source '{source.Id}': {r.Problem} Nothing was read. Fix: {r.Fix}; then apply the source file again.");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
