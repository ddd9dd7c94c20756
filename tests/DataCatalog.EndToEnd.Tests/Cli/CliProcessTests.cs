namespace DataCatalog.EndToEnd.Tests.Cli;

/// <summary>The command line of the built executable: help, usage errors and settings, none of which opens a catalog.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("datacatalog-e2e-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Help_of_a_verb_exits_0_on_stdout_listing_its_options()
    {
        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync("findings", "waive", "--help");

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{stderr}");
        Assert.Equal("", stderr);
        Assert.Contains("DataCatalog.Host findings waive <id> [options]", stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--reason <text>", "--until <YYYY-MM-DD>", "--by <name>" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_option_exits_2_naming_it_on_stderr_before_the_verbs_help()
    {
        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync("harvest", "run", "--sourse", "welfare-db", $"--Catalog:DataFolder={_directory}");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("Unknown option '--sourse' for 'harvest run'; its options are --all, --source, --environment.", stderr, StringComparison.Ordinal);
        Assert.Contains("DataCatalog.Host harvest run [options]", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task An_unknown_verb_exits_2_naming_it()
    {
        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync("harvset", "--all");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("Unknown command 'harvset'.", stderr, StringComparison.Ordinal);
        Assert.Contains("Commands:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_written_as_key_then_value_reaches_the_hosts_configuration()
    {
        File.WriteAllText(Path.Combine(_directory, "roads.json"), """
            {
              "department": {"code": "roads", "name": "도로계획과"},
              "sources": [{"id": "roads-db", "kind": "postgres", "name": "도로 DB", "connection": {"env": "ROADS_DB"}, "schedule": "0 0 3 * * ?"}]
            }
            """);

        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync("harvest", "sources", "validate", "--Harvest:Connections:EnvPrefix", "ROADS_", _directory);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("1 source(s) in 1 department(s) are valid.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_token_prints_a_token_on_its_last_line_and_refuses_where_development_tokens_are_off()
    {
        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync(
            "auth", "token", "--role", "steward", "--department", "transport,welfare", $"--Catalog:DataFolder={_directory}");
        var (offCode, offStdout, offStderr) = await CatalogProcess.RunCliAsync(
            "auth", "token", "--role", "admin", $"--Catalog:DataFolder={_directory}", "--Auth:Development:Enabled=false");

        Assert.True(exitCode == 0, $"exit code {exitCode}; stdout:\n{stdout}\nstderr:\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Development token for steward of transport,welfare, valid until ", lines[^2], StringComparison.Ordinal);
        Assert.Equal(3, lines[^1].Split('.').Length);
        Assert.Equal(1, offCode);
        Assert.Equal("", offStdout);
        Assert.StartsWith("Development tokens are off here", offStderr, StringComparison.Ordinal);
    }
}
