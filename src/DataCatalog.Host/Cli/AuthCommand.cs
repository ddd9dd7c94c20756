using System.Globalization;
using DataCatalog.Api.Access;
using DataCatalog.Host.Startup;

namespace DataCatalog.Host.Cli;

/// <summary><c>auth token</c>: a development token printed on the last line (the logic is in <see cref="DevelopmentTokenIssuer"/>).</summary>
internal static class AuthCommand
{
    public const string Usage = """
        Usage: auth token --role analyst|steward|auditor|admin [--department <code>]... [--name <name>] [--hours <n>]
            Prints a development token (signed with the key in the data folder) on its last line; only where development
            tokens are enabled (Auth:Development:Enabled, on by default in Development and the embedded demo).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "token")
        {
            throw new CommandLineException(args.Length == 0 ? Usage : $"Unknown auth command '{args[0]}'.\n{Usage}");
        }

        string? role = null, name = null;
        double? hours = null;
        var departments = new List<string>();
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new CommandLineException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--role":
                    role = Value();
                    break;
                case "--department":
                    departments.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--name":
                    name = Value();
                    break;
                case "--hours":
                    var text = Value();
                    hours = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
                        ? h : throw new CommandLineException($"--hours takes a number, e.g. 8; '{text}' is not one.");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (role is null)
        {
            throw new CommandLineException($"Give the token's role: --role {string.Join('|', Core.Access.CatalogRoles.Names)}.\n{Usage}");
        }

        var builder = CatalogServices.CreateBuilder([.. rest]);
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var (_, issuer) = await CatalogAuth.ReadAsync(builder.Configuration, builder.Environment, loggers.CreateLogger("DataCatalog.Auth"), CancellationToken.None);
        if (issuer is null)
        {
            await Console.Error.WriteLineAsync(
                "Development tokens are off here (Auth:Development:Enabled is false, or this is a configured catalog outside Development); tokens come from the city's identity provider.");
            return 1;
        }

        try
        {
            var issued = issuer.Issue(new DevelopmentTokenRequest(role, departments, name, hours is { } n ? TimeSpan.FromHours(n) : null));
            Console.WriteLine($"Development token for {role}{(departments.Count > 0 ? " of " + string.Join(',', departments) : "")}, valid until {issued.ExpiresAt:yyyy-MM-dd HH:mm:ss}Z; send it as 'Authorization: Bearer <token>':");
            Console.WriteLine(issued.Token);
            return 0;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
