namespace DataCatalog.EndToEnd.Tests;

/// <summary><c>harvest sources validate &lt;dir&gt;</c> through the built executable; validation needs no database.</summary>
public sealed class SourceCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("datacatalog-e2e-sources-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_directory, name), json);

    [Fact]
    public async Task Validating_a_folder_with_invalid_files_exits_1_and_lists_each_error_with_file_path_line_and_fix()
    {
        Write("culture.json", """
            {
              "department": {"code": "culture", "name": "문화정책과"},
              "sources": [
                {
                  "id": "culture-db",
                  "kind": "oracle",
                  "name": "문화 DB",
                  "connection": {"env": "DATACATALOG_SOURCE_CULTURE_DB"},
                  "schedule": "0 0 3 * * ?",
                  "password": "hunter2"
                }
              ]
            }
            """);
        Write("transport.json", """
            {
              "department": {"code": "transport", "name": "교통정책과"},
              "sources": [
                {
                  "id": "transport-db",
                  "kind": "postgres",
                  "name": "교통 운영 DB",
                  "connection": {"env": "DATACATALOG_SOURCE_TRANSPORT_DB"},
                  "schedule": "0 0 25 * * ?"
                }
              ]
            }
            """);

        var (exitCode, stdout, stderr) = await RunAsync("harvest", "sources", "validate", _directory);

        Assert.True(exitCode == 1, $"exit code {exitCode}; stdout:\n{stdout}\nstderr:\n{stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"3 problem(s) in the source files of {_directory}; nothing was changed:", lines[0]);
        var errors = lines[1..];
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.StartsWith("culture.json(6,", StringComparison.Ordinal)
            && e.Contains("$.sources[0].kind: The kind is not one the catalogue can harvest.", StringComparison.Ordinal)
            && e.Contains("Fix: use one of \"postgres\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("culture.json(10,", StringComparison.Ordinal)
            && e.Contains("$.sources[0].password: The property 'password' is not allowed: it would put a secret in a source file.", StringComparison.Ordinal)
            && e.Contains("Fix: remove it", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("transport.json(9,", StringComparison.Ordinal)
            && e.Contains("$.sources[0].schedule: The schedule \"0 0 25 * * ?\" is not a valid Quartz cron expression", StringComparison.Ordinal)
            && e.Contains("Fix: give seconds minutes hours", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validating_a_folder_of_valid_files_exits_0_and_counts_the_sources()
    {
        Write("transport.json", """
            {
              "department": {"code": "transport", "name": "교통정책과"},
              "sources": [
                {"id": "transport-db", "kind": "postgres", "name": "교통 운영 DB", "connection": {"env": "DATACATALOG_SOURCE_TRANSPORT_DB"}, "schedule": "0 0 3 * * ?"},
                {"id": "transport-drop", "kind": "file-drop", "name": "교통 자료실", "connection": {"config": "Sources:Drops:Transport"}, "schedule": "0 30 4 ? * MON-FRI"}
              ]
            }
            """);

        var (exitCode, stdout, stderr) = await RunAsync("harvest", "sources", "validate", _directory);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("2 source(s) in 1 department(s) are valid.", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public async Task Validating_refuses_a_connection_outside_the_operators_prefix_and_accepts_it_under_a_prefix_set_on_the_command_line()
    {
        Write("roads.json", """
            {
              "department": {"code": "roads", "name": "도로계획과"},
              "sources": [{"id": "roads-db", "kind": "postgres", "name": "도로 DB", "connection": {"env": "ROADS_DB"}, "schedule": "0 0 3 * * ?"}]
            }
            """);

        var (refusedCode, _, refused) = await RunAsync("harvest", "sources", "validate", _directory);
        var (acceptedCode, accepted, _) = await RunAsync("harvest", "sources", "validate", _directory, "--Harvest:Connections:EnvPrefix=ROADS_");

        Assert.Equal(1, refusedCode);
        Assert.Contains("roads.json(3,", refused, StringComparison.Ordinal);
        Assert.Contains("$.sources[0].connection.env: The connection names environment variable 'ROADS_DB', outside the prefix 'DATACATALOG_SOURCE_'", refused, StringComparison.Ordinal);
        Assert.Equal(0, acceptedCode);
        Assert.Contains("1 source(s) in 1 department(s) are valid.", accepted, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => CatalogProcess.RunCliAsync(args);
}
