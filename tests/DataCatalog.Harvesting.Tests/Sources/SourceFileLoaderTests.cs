using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Sources;

namespace DataCatalog.Harvesting.Tests.Sources;

public sealed class SourceFileLoaderTests : IDisposable
{
    private const string Transport = """
        {
          "department": {"code": "transport", "name": "교통정책과"},
          "sources": [
            {
              "id": "transport-db",
              "kind": "postgres",
              "name": "교통 운영 DB",
              "connection": {"env": "DATACATALOG_SOURCE_TRANSPORT_DB"},
              "schedule": "0 0 3 * * ?",
              "ruleSet": "transport-default",
              "owner": "김데이터",
              "options": {"schemas": "public,bus", "sampleRows": "100000"}
            },
            {
              "id": "seoul-portal",
              "kind": "ckan",
              "name": "서울 열린데이터광장",
              "connection": {"config": "Sources:Seoul:Url"},
              "schedule": "0 30 4 ? * MON-FRI",
              "timeZone": "UTC",
              "enabled": false
            }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("datacatalog-sources-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_directory, name), json);

    private async Task<SourceFileLoadResult> LoadAsync() => await (await SourceFileLoader.CreateAsync()).LoadDirectoryAsync(_directory);

    [Fact]
    public async Task A_valid_file_loads_into_definitions()
    {
        Write("transport.json", Transport);

        var result = await LoadAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var department = Assert.Single(result.Sources!.Departments);
        Assert.Equal(("transport", "교통정책과"), (department.Code, department.Name));
        var db = department.Sources[0];
        Assert.True(db.Enabled);
        Assert.Equal("transport.json", db.File);
        Assert.Equal(
            new SourceDefinition("transport-db", "transport", SourceKind.Postgres, "교통 운영 DB", "env:DATACATALOG_SOURCE_TRANSPORT_DB", "0 0 3 * * ?",
                "Asia/Seoul", "transport-default", "김데이터", db.Definition.Options),
            db.Definition);
        Assert.Equal(new Dictionary<string, string> { ["schemas"] = "public,bus", ["sampleRows"] = "100000" }, db.Definition.Options);
        var portal = department.Sources[1];
        Assert.False(portal.Enabled);
        Assert.Equal("config:Sources:Seoul:Url", portal.Definition.ConnectionRef);
        Assert.Equal("UTC", portal.Definition.TimeZone);
        Assert.Null(portal.Definition.Options);
        Assert.Equal(["transport-db"], result.Sources.EnabledSources.Select(s => s.Id));
    }

    [Fact]
    public async Task Every_schema_error_in_a_file_is_listed_with_its_path_and_line()
    {
        Write("culture.json", """
            {
              "department": {"code": "culture", "name": "문화정책과"},
              "sources": [
                {
                  "id": "Culture_DB",
                  "kind": "oracle",
                  "name": "문화 DB",
                  "connection": {"env": "DATACATALOG_SOURCE_CULTURE_DB"}
                }
              ]
            }
            """);

        var result = await LoadAsync();

        Assert.Null(result.Sources);
        Assert.Equal(
            [
                ("culture.json", "$.sources[0].id", 5, 24),
                ("culture.json", "$.sources[0].kind", 6, 22),
                ("culture.json", "$.sources[0].schedule", 4, 5),
            ],
            result.Errors.Select(e => (e.File, e.JsonPath, e.Line, e.Column)));
        Assert.Equal("add the property 'schedule', e.g. \"0 0 3 * * ?\"", result.Errors[2].Fix);
        Assert.Contains("\"postgres\", \"file-drop\", \"ckan\", \"dcat\"", result.Errors[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_anywhere_is_rejected_with_the_reason()
    {
        Write("welfare.json", """
            {
              "department": {"code": "welfare", "name": "복지정책과"},
              "sources": [
                {
                  "id": "welfare-db",
                  "kind": "postgres",
                  "name": "복지 DB",
                  "connection": {"env": "DATACATALOG_SOURCE_WELFARE_DB", "password": "s3cret!"},
                  "schedule": "0 0 2 * * ?",
                  "password": "s3cret!"
                }
              ]
            }
            """);

        var result = await LoadAsync();

        Assert.Equal(["$.sources[0].connection.password", "$.sources[0].password"], result.Errors.Select(e => e.JsonPath));
        Assert.All(result.Errors, e => Assert.Contains("secrets never go in source files", e.Fix, StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.DoesNotContain("s3cret", e.ToString(), StringComparison.Ordinal));
        Assert.Equal(10, result.Errors[1].Line);
    }

    [Fact]
    public async Task A_plain_connection_string_is_rejected_with_the_env_fix()
    {
        Write("welfare.json", """
            {
              "department": {"code": "welfare", "name": "복지정책과"},
              "sources": [
                {"id": "welfare-db", "kind": "postgres", "name": "복지 DB", "connection": "Host=db;Password=x", "schedule": "0 0 2 * * ?"}
              ]
            }
            """);

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal("$.sources[0].connection", error.JsonPath);
        Assert.Equal("replace the plain string with {\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"} — secrets never go in source files", error.Fix);
    }

    [Fact]
    public async Task A_connection_with_both_or_neither_reference_is_one_error()
    {
        Write("welfare.json", """
            {
              "department": {"code": "welfare", "name": "복지정책과"},
              "sources": [
                {"id": "welfare-db", "kind": "postgres", "name": "복지 DB", "connection": {"env": "A", "config": "B"}, "schedule": "0 0 2 * * ?"},
                {"id": "welfare-files", "kind": "file-drop", "name": "복지 파일", "connection": {}, "schedule": "0 0 2 * * ?"}
              ]
            }
            """);

        var errors = (await LoadAsync()).Errors;

        Assert.Equal(["$.sources[0].connection", "$.sources[1].connection"], errors.Select(e => e.JsonPath));
        Assert.All(errors, e => Assert.Contains("not both and not neither", e.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_schedule_quartz_rejects_is_reported_at_the_schedule()
    {
        Write("transport.json", Transport.Replace("0 0 3 * * ?", "0 0 25 * * ?", StringComparison.Ordinal));

        var result = await LoadAsync();

        var error = Assert.Single(result.Errors);
        Assert.Equal(("$.sources[0].schedule", 9, 32), (error.JsonPath, error.Line, error.Column));
        Assert.Contains("\"0 0 25 * * ?\" is not a valid Quartz cron expression", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Sources);
    }

    [Fact]
    public async Task A_schedule_with_too_few_fields_fails_the_schema()
    {
        Write("transport.json", Transport.Replace("0 0 3 * * ?", "0 3 * * *", StringComparison.Ordinal));

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal("$.sources[0].schedule", error.JsonPath);
        Assert.Contains("6 or 7 fields", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_reported()
    {
        Write("transport.json", Transport.Replace("\"UTC\"", "\"Asia/Busan\"", StringComparison.Ordinal));

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal("$.sources[1].timeZone", error.JsonPath);
        Assert.Contains("Asia/Busan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_id_declared_in_two_files_is_reported_at_the_second()
    {
        Write("a-transport.json", Transport);
        Write("b-parking.json", """
            {
              "department": {"code": "parking", "name": "주차계획과"},
              "sources": [
                {"id": "transport-db", "kind": "postgres", "name": "주차 DB", "connection": {"env": "DATACATALOG_SOURCE_PARKING_DB"}, "schedule": "0 0 1 * * ?"}
              ]
            }
            """);

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal(("b-parking.json", "$.sources[0].id", 4), (error.File, error.JsonPath, error.Line));
        Assert.Contains("already declared in a-transport.json at line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_invalid_file_means_no_sources_are_returned()
    {
        Write("a-transport.json", Transport);
        Write("b-broken.json", "{\"department\": {\"code\": \"parking\", \"name\": \"주차계획과\"}, \"sources\": [ }");

        var result = await LoadAsync();

        Assert.False(result.Succeeded);
        Assert.Null(result.Sources);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("b-broken.json", 1), (error.File, error.Line));
        Assert.StartsWith("The file is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_that_is_not_a_string_is_reported()
    {
        Write("transport.json", Transport.Replace("\"sampleRows\": \"100000\"", "\"sampleRows\": 100000", StringComparison.Ordinal));

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal("$.sources[0].options.sampleRows", error.JsonPath);
        Assert.Contains("\"sampleRows\": \"100\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_passed_as_an_option_is_rejected()
    {
        Write("transport.json", Transport.Replace("\"sampleRows\": \"100000\"", "\"apiKey\": \"k3y-value\"", StringComparison.Ordinal));

        var result = await LoadAsync();

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.sources[0].options.apiKey", error.JsonPath);
        Assert.Contains("secrets never go in source files", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-value", error.ToString(), StringComparison.Ordinal);
        Assert.Null(result.Sources);
    }

    [Fact]
    public async Task A_missing_directory_is_one_error()
    {
        Directory.Delete(_directory);

        var error = Assert.Single((await LoadAsync()).Errors);

        Assert.Equal(_directory, error.File);
        Directory.CreateDirectory(_directory);
    }

    [Fact]
    public async Task A_connection_outside_the_prefixes_is_refused_with_file_path_line_and_fix()
    {
        Write("roads.json", """
            {
              "department": {"code": "roads", "name": "도로계획과"},
              "sources": [
                {"id": "roads-db", "kind": "postgres", "name": "도로 DB", "connection": {"env": "ROADS_DB"}, "schedule": "0 0 3 * * ?"},
                {"id": "roads-drop", "kind": "file-drop", "name": "도로 자료실", "connection": {"config": "Drops:Roads"}, "schedule": "0 0 4 * * ?"},
                {"id": "roads-own", "kind": "postgres", "name": "카탈로그", "connection": {"config": "ConnectionStrings:Catalog"}, "schedule": "0 0 5 * * ?"}
              ]
            }
            """);

        var result = await LoadAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Errors.Count);
        var env = result.Errors[0];
        Assert.Equal(("roads.json", "$.sources[0].connection.env", 4), (Path.GetFileName(env.File), env.JsonPath, env.Line));
        Assert.Equal("The connection names environment variable 'ROADS_DB', outside the prefix 'DATACATALOG_SOURCE_' that this catalog lets source files read.", env.Message);
        Assert.StartsWith("name a variable that starts with DATACATALOG_SOURCE_, e.g. {\"env\": \"DATACATALOG_SOURCE_ROADS_DB\"}", env.Fix, StringComparison.Ordinal);
        var config = result.Errors[1];
        Assert.Equal(("$.sources[1].connection.config", 5), (config.JsonPath, config.Line));
        Assert.Contains("outside the prefix 'Sources:'", config.Message, StringComparison.Ordinal);
        Assert.StartsWith("name a key under Sources:, e.g. {\"config\": \"Sources:Roads\"}", config.Fix, StringComparison.Ordinal);
        var own = result.Errors[2];
        Assert.Equal("$.sources[2].connection.config", own.JsonPath);
        Assert.Contains("the catalog's own database connection", own.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prefixes_the_operator_sets_are_the_ones_enforced()
    {
        Write("roads.json", """
            {
              "department": {"code": "roads", "name": "도로계획과"},
              "sources": [{"id": "roads-db", "kind": "postgres", "name": "도로 DB", "connection": {"env": "ROADS_DB"}, "schedule": "0 0 3 * * ?"}]
            }
            """);

        var loader = await SourceFileLoader.CreateAsync(new ConnectionReferencePolicy { EnvPrefix = "ROADS_" });
        var result = await loader.LoadDirectoryAsync(_directory);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
