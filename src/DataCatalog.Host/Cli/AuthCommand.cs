using System.CommandLine;
using System.Globalization;
using DataCatalog.Api.Access;
using DataCatalog.Core.Access;
using DataCatalog.Host.Startup;

namespace DataCatalog.Host.Cli;

/// <summary><c>auth token</c>: a development token printed on the last line (the logic is in <see cref="DevelopmentTokenIssuer"/>).</summary>
public static class AuthCommand
{
    /// <summary>The <c>auth</c> verb group.</summary>
    public static Command Create()
    {
        var auth = new Command("auth", "Authentication: development tokens.");

        var role = new Option<string>("--role")
        {
            Description = "The token's role.",
            HelpName = string.Join('|', CatalogRoles.Names),
            Required = true,
        };
        role.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && CatalogRoles.Parse(value) is null)
            {
                result.AddError($"Unknown role '{value}'; use one of {string.Join(", ", CatalogRoles.Names)}.");
            }
        });
        var departments = new Option<string[]>("--department")
        {
            Description = "A department the steward acts for (repeat it, or separate codes with commas).",
            HelpName = "code",
            AllowMultipleArgumentsPerToken = false,
        };
        var name = new Option<string>("--name") { Description = "The name in the token (sub).", HelpName = "name" };
        var hours = new Option<double?>("--hours")
        {
            Description = "How long the token is valid, in hours.",
            HelpName = "n",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"--hours takes a number, e.g. 8; '{text}' is not one.");
                return null;
            },
        };
        var token = new Command("token", """
            Print a development token (signed with the key in the data folder) on the last line; only where development
            tokens are enabled (Auth:Development:Enabled, on by default in Development and the embedded demo).
            """)
        {
            role, departments, name, hours,
        };
        token.SetAction((parse, cancellationToken) => TokenAsync(
            parse.GetValue(role)!,
            [.. (parse.GetValue(departments) ?? []).SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            parse.GetValue(name), parse.GetValue(hours), CatalogCommandLine.HostArgs(parse), cancellationToken));
        auth.Subcommands.Add(token);
        return auth;
    }

    private static async Task<int> TokenAsync(string role, List<string> departments, string? name, double? hours, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var (_, issuer) = await CatalogAuth.ReadAsync(builder.Configuration, builder.Environment, loggers.CreateLogger("DataCatalog.Auth"), cancellationToken);
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
