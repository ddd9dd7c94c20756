using System.CommandLine;
using DataCatalog.Core.Findings;
using DataCatalog.Host.Cli;

namespace DataCatalog.EndToEnd.Tests.Cli;

/// <summary>The Host's command line through its real parser and help, in process: nothing here opens a catalog.</summary>
public sealed class CommandLineTests
{
    /// <summary>Every command with the options and arguments its help must list; a verb added to the root is added here.</summary>
    public static TheoryData<string, string[]> Commands => new()
    {
        { "", ["--urls", "--environment", "--help", "serve", "harvest", "rules", "findings", "auth", "audit", "report"] },
        { "serve", ["--urls", "--environment"] },
        { "harvest", ["--all", "--source", "run", "sources"] },
        { "harvest run", ["--all", "--source <id>"] },
        { "harvest sources", ["validate", "apply"] },
        { "harvest sources validate", ["<dir>"] },
        { "harvest sources apply", ["<dir>"] },
        { "rules", ["validate", "apply", "rescore", "standards"] },
        { "rules validate", ["<file|dir>"] },
        { "rules apply", ["<dir>"] },
        { "rules rescore", ["--source <id>"] },
        { "rules standards", ["import", "list", "diff"] },
        { "rules standards import", ["<file>...", "--edition <name>", "--extension"] },
        { "rules standards list", ["--environment"] },
        { "rules standards diff", ["<editionA>", "<editionB>"] },
        { "findings", ["list", "waive", "acknowledge", "assign", "reopen", "resolve"] },
        { "findings list", ["--department <code>", "--dataset <schema.table>", "--status <status>"] },
        { "findings waive", ["<id>", "--reason <text>", "--until <YYYY-MM-DD>", "--by <name>"] },
        { "findings acknowledge", ["<id>", "--by <name>", "--note <text>"] },
        { "findings assign", ["<id>", "--to <name>", "--by <name>", "--note <text>"] },
        { "findings reopen", ["<id>", "--by <name>", "--note <text>"] },
        { "findings resolve", ["<id>", "--by <name>", "--note <text>"] },
        { "auth", ["token"] },
        { "audit", ["verify"] },
        { "audit verify", [] },
        { "report", ["<kind>", "--department <code>", "--as-of <YYYY-MM-DD>", "--out <dir>"] },
        { "auth token", ["--role <analyst|steward|auditor|admin> (REQUIRED)", "--department <code>", "--name <name>", "--hours <n>"] },
    };

    [Fact]
    public void The_tested_commands_are_exactly_the_commands_of_the_command_line()
    {
        var tested = Commands.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(tested, Paths(CatalogCommandLine.CreateRoot(), "").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_of_every_command_exits_0_and_lists_its_options_arguments_and_subcommands(string path, string[] expected)
    {
        var (exitCode, output, error) = await RunAsync([.. Words(path), "--help"]);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{error}");
        Assert.Equal("", error);
        // The usage line starts with the executable's name: DataCatalog.Host, or the test host's in process.
        Assert.Matches($@"Usage:\n  \S+{(path == "" ? "" : " " + path)} [<\[]", output);
        foreach (var text in expected)
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(CatalogCommandLine.SettingOptionName, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_verb_prints_the_root_help()
    {
        var (exitCode, output, _) = await RunAsync(["help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("Without a command it serves", output, StringComparison.Ordinal);
        Assert.Contains("findings", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harvest run --sourse transport-db", "Unknown option '--sourse' for 'harvest run'; its options are --all, --source, --environment.")]
    [InlineData("findings list --departement transport", "Unknown option '--departement' for 'findings list'; its options are --department, --dataset, --status, --environment.")]
    [InlineData("findings waive 12 --note later --by kim", "Unknown option '--note' for 'findings waive'; its options are --by, --reason, --until, --environment.")]
    [InlineData("rules standards import words.csv --editon 2025-11", "Unknown option '--editon' for 'rules standards import'; its options are --edition, --extension, --environment.")]
    [InlineData("serve --port 5080", "Unknown option '--port' for 'serve'; its options are --urls, --environment.")]
    [InlineData("--port 5080", "Unknown option '--port' for 'DataCatalog.Host'; its options are --version, --environment, --urls.")]
    public async Task An_unknown_option_exits_2_naming_it_and_the_options_there_are_before_the_command_help(string line, string message)
    {
        var (exitCode, output, error) = await RunAsync(Words(line));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var lines = error.Split('\n');
        Assert.Equal(message, lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Equal("Description:", lines[2]);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus", "Unknown command 'bogus'.")]
    [InlineData("harvest everything", "Unknown harvest command 'everything'.")]
    [InlineData("rules standards export", "Unknown standards command 'export'.")]
    [InlineData("findings close 12", "Unknown findings command 'close'.")]
    [InlineData("rules", "'rules' needs a command: validate, apply, rescore, standards.")]
    [InlineData("harvest sources", "'harvest sources' needs a command: validate, apply.")]
    [InlineData("harvest", "Say which sources to harvest: 'harvest --all' or 'harvest run --source <id>'.")]
    [InlineData("harvest run --all --source transport-db", "Say which sources to harvest: 'harvest --all' or 'harvest run --source <id>'.")]
    [InlineData("harvest run --source", "Required argument missing for option: '--source'.")]
    [InlineData("rules validate", "Required argument 'file|dir' missing for command: 'validate'.")]
    [InlineData("rules validate a.json b.json", "Unexpected 'b.json' for 'rules validate'.")]
    [InlineData("rules standards diff 2024-11", "Required argument 'editionB' missing for command: 'diff'.")]
    [InlineData("findings waive twelve --by kim", "Give the finding's id (from 'findings list'): findings waive <id> …; 'twelve' is not one.")]
    [InlineData("findings waive 12 --until 31.12.2026", "--until takes a date as YYYY-MM-DD, e.g. 2026-12-31; '31.12.2026' is not one.")]
    [InlineData("findings list --status closed", "Unknown status 'closed'; use one of open, acknowledged, assigned, resolved, waived.")]
    [InlineData("auth token --department transport", "Option '--role' is required.")]
    [InlineData("auth token --role boss", "Unknown role 'boss'; use one of analyst, steward, auditor, admin.")]
    [InlineData("auth token --role admin --hours eight", "--hours takes a number, e.g. 8; 'eight' is not one.")]
    [InlineData("auth login", "Unknown auth command 'login'.")]
    [InlineData("harvest --all --Catalog:DataFolder", "The setting '--Catalog:DataFolder' needs a value: --Catalog:DataFolder=value or --Catalog:DataFolder value.")]
    public async Task Bad_usage_exits_2_with_the_problem_on_the_first_line(string line, string message)
    {
        var (exitCode, output, error) = await RunAsync(Words(line));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal(message, error.Split('\n')[0]);
    }

    [Fact]
    public void The_bare_executable_serves_with_its_urls_and_passes_settings_to_the_host()
    {
        var parse = Parse("--urls", "http://127.0.0.1:5999", "--Catalog:DataFolder=/tmp/catalog", "--Catalog:Demo", "false");

        Assert.IsType<RootCommand>(parse.CommandResult.Command);
        Assert.Equal("http://127.0.0.1:5999", parse.GetValue<string>("--urls"));
        Assert.Equal(["--Catalog:DataFolder=/tmp/catalog", "--Catalog:Demo=false"], CatalogCommandLine.HostArgs(parse));
    }

    [Fact]
    public void Serve_parses_urls_and_environment()
    {
        var parse = Parse("serve", "--urls=http://0.0.0.0:8080", "--environment", "Production", "--ConnectionStrings:Catalog=Host=db;Port=5432;Database=catalog");

        Assert.Equal("serve", parse.CommandResult.Command.Name);
        Assert.Equal("http://0.0.0.0:8080", parse.GetValue<string>("--urls"));
        Assert.Equal(["--ConnectionStrings:Catalog=Host=db;Port=5432;Database=catalog", "--environment=Production"], CatalogCommandLine.HostArgs(parse));
    }

    [Fact]
    public void Harvest_parses_all_a_source_and_the_source_files_folder()
    {
        var all = Parse("harvest", "--all", "--Catalog:DataFolder=/tmp/c");
        var one = Parse("harvest", "run", "--source", "welfare-db", "--Harvest:Retries", "3");
        var apply = Parse("harvest", "sources", "apply", "deploy/sources", "--Harvest:Connections:EnvPrefix=ROADS_");

        Assert.True(all.GetValue<bool>("--all"));
        Assert.Null(all.GetValue<string>("--source"));
        Assert.Equal(["--Catalog:DataFolder=/tmp/c"], CatalogCommandLine.HostArgs(all));
        Assert.Equal("run", one.CommandResult.Command.Name);
        Assert.Equal("welfare-db", one.GetValue<string>("--source"));
        Assert.False(one.GetValue<bool>("--all"));
        Assert.Equal(["--Harvest:Retries=3"], CatalogCommandLine.HostArgs(one));
        Assert.Equal("apply", apply.CommandResult.Command.Name);
        Assert.Equal("deploy/sources", apply.GetValue<string>("dir"));
        Assert.Equal(["--Harvest:Connections:EnvPrefix=ROADS_"], CatalogCommandLine.HostArgs(apply));
    }

    [Fact]
    public void Rules_parses_validate_apply_and_rescore()
    {
        var validate = Parse("rules", "validate", "Demo/Rules/transport.json");
        var apply = Parse("rules", "apply", "Demo/Rules", "--Catalog:DataFolder=/tmp/c");
        var rescore = Parse("rules", "rescore", "--source", "safety-db");
        var every = Parse("rules", "rescore");

        Assert.Equal("Demo/Rules/transport.json", validate.GetValue<string>("file|dir"));
        Assert.Equal("Demo/Rules", apply.GetValue<string>("dir"));
        Assert.Equal(["--Catalog:DataFolder=/tmp/c"], CatalogCommandLine.HostArgs(apply));
        Assert.Equal("safety-db", rescore.GetValue<string>("--source"));
        Assert.Null(every.GetValue<string>("--source"));
    }

    [Fact]
    public void Rules_standards_parses_files_edition_and_extension_and_keeps_a_setting_out_of_the_files()
    {
        var import = Parse("rules", "standards", "import", "words.csv", "--ConnectionStrings:Catalog=Host=db", "terms.csv", "--extension", "--edition", "city-2026");
        var plain = Parse("rules", "standards", "import", "domains.csv");
        var diff = Parse("rules", "standards", "diff", "2024-11", "2025-11");

        Assert.Equal(["words.csv", "terms.csv"], import.GetValue<string[]>("file")!);
        Assert.Equal("city-2026", import.GetValue<string>("--edition"));
        Assert.True(import.GetValue<bool>("--extension"));
        Assert.Equal(["--ConnectionStrings:Catalog=Host=db"], CatalogCommandLine.HostArgs(import));
        Assert.Null(plain.GetValue<string>("--edition"));
        Assert.False(plain.GetValue<bool>("--extension"));
        Assert.Equal("2024-11", diff.GetValue<string>("editionA"));
        Assert.Equal("2025-11", diff.GetValue<string>("editionB"));
    }

    [Fact]
    public void Findings_parses_list_filters_and_each_action_with_its_typed_options()
    {
        var list = Parse("findings", "list", "--department", "transport", "--status", "Open", "--dataset", "public.parking_lot");
        var waive = Parse("findings", "waive", "12", "--reason", "정비 예정", "--until", "2026-12-31", "--by", "김민수");
        var assign = Parse("findings", "assign", "7", "--to", "이영희", "--by", "김민수", "--note", "주차 담당");
        var reopen = Parse("findings", "reopen", "7", "--by", "김민수");

        Assert.Equal("transport", list.GetValue<string>("--department"));
        Assert.Equal("public.parking_lot", list.GetValue<string>("--dataset"));
        Assert.Equal(FindingStatus.Open, list.GetValue<FindingStatus?>("--status"));
        Assert.Equal(12L, waive.GetValue<long>("id"));
        Assert.Equal("정비 예정", waive.GetValue<string>("--reason"));
        Assert.Equal(new DateOnly(2026, 12, 31), waive.GetValue<DateOnly?>("--until"));
        Assert.Equal("김민수", waive.GetValue<string>("--by"));
        Assert.Equal(7L, assign.GetValue<long>("id"));
        Assert.Equal("이영희", assign.GetValue<string>("--to"));
        Assert.Equal("주차 담당", assign.GetValue<string>("--note"));
        Assert.Equal("reopen", reopen.CommandResult.Command.Name);
        Assert.Empty(reopen.Errors);
    }

    [Fact]
    public void Auth_token_parses_role_departments_name_and_hours()
    {
        var parse = Parse("auth", "token", "--role", "Steward", "--department", "transport", "--department", "welfare,safety", "--name", "Kim", "--hours", "8.5");

        Assert.Equal("Steward", parse.GetValue<string>("--role"));
        Assert.Equal(["transport", "welfare,safety"], parse.GetValue<string[]>("--department")!);
        Assert.Equal("Kim", parse.GetValue<string>("--name"));
        Assert.Equal(8.5, parse.GetValue<double?>("--hours"));
    }

    private static System.CommandLine.ParseResult Parse(params string[] args)
    {
        var parse = CatalogCommandLine.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join('\n', parse.Errors.Select(e => e.Message)));
        return parse;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await CatalogCommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Paths(Command command, string path)
    {
        yield return path;
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var child in Paths(sub, (path + " " + sub.Name).Trim()))
            {
                yield return child;
            }
        }
    }
}
