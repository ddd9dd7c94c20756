using System.Text.RegularExpressions;
using DataCatalog.Core.Sources;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Quartz;

namespace DataCatalog.Harvesting.Sources;

/// <summary>Loads and checks a directory of department source files (<c>schemas/source.schema.json</c>, JSON Schema draft 4).</summary>
/// <remarks>
/// <para>Files are the directory's <c>*.json</c> files, read in ordinal name order. Each is validated against the schema
/// (every error, including those inside a failed <c>oneOf</c>), then checked for what the schema cannot express: a cron
/// expression Quartz accepts, a time zone this machine knows, source ids unique across all files and one name per
/// department code.</para>
/// <para>The result is all-or-nothing: any error in any file means no sources are returned.</para>
/// <para>A connection <c>{"env": "NAME"}</c> becomes <c>ConnectionRef</c> <c>env:NAME</c>; <c>{"config": "Section:Key"}</c>
/// becomes <c>config:Section:Key</c>; <see cref="ConnectionResolver"/> reads them. A name outside the
/// <see cref="ConnectionReferencePolicy"/> (the operator's prefixes, never the catalog's own connection) is an error of
/// its file, with JSON path, line and fix.</para>
/// </remarks>
public sealed partial class SourceFileLoader
{
    private const string SchemaResource = "source.schema.json";
    private const string SchemaFile = "schemas/source.schema.json";

    // Property names that only ever hold a secret; the schema rejects them like any unknown property, the message says why.
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "servicekey", "connectionstring", "connection_string",
    };

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["department"] = "{\"code\": \"transport\", \"name\": \"교통정책과\"}",
        ["sources"] = "[{\"id\": \"transport-db\", …}]",
        ["code"] = "\"transport\"",
        ["name"] = "\"교통 운영 DB\"",
        ["id"] = "\"transport-db\"",
        ["kind"] = "\"postgres\"",
        ["connection"] = "{\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"}",
        ["schedule"] = "\"0 0 3 * * ?\"",
    };

    private readonly JsonSchema _schema;
    private readonly ConnectionReferencePolicy _policy;

    private SourceFileLoader(JsonSchema schema, ConnectionReferencePolicy policy) => (_schema, _policy) = (schema, policy);

    /// <summary>Reads the schema embedded in this assembly.</summary>
    /// <param name="policy">Which environment variables and configuration keys connections may name; the defaults when null.</param>
    public static async Task<SourceFileLoader> CreateAsync(ConnectionReferencePolicy? policy = null)
    {
        await using var stream = typeof(SourceFileLoader).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The embedded resource '{SchemaResource}' is missing from {typeof(SourceFileLoader).Assembly.GetName().Name}; the build did not embed {SchemaFile}.");
        using var reader = new StreamReader(stream);
        return new SourceFileLoader(await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync()), policy ?? ConnectionReferencePolicy.Default);
    }

    public async Task<SourceFileLoadResult> LoadDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            return Failed(new SourceFileError(directory, "$", 0, 0, "The source directory does not exist.",
                "Create it, or point the harvester's source directory setting at the folder holding the department source files."));
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            return Failed(new SourceFileError(directory, "$", 0, 0, "The source directory holds no *.json source files.",
                "Add one file per department (see schemas/source.schema.json), or check that the setting names the right folder."));
        }

        var texts = new List<(string File, string Text)>();
        foreach (var path in files)
        {
            texts.Add((Path.GetRelativePath(directory, path), await File.ReadAllTextAsync(path, cancellationToken)));
        }

        return LoadTexts(texts);
    }

    /// <summary>Validates source-file texts (a name for the messages and the JSON each) exactly as files of one folder.</summary>
    public SourceFileLoadResult LoadTexts(IReadOnlyList<(string File, string Text)> texts)
    {
        var errors = new List<SourceFileError>();
        var departments = new List<(string Code, string Name, string File, List<DeclaredSource> Sources)>();
        var ids = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var (file, text) in texts)
        {
            var root = Parse(file, text, errors);
            if (root is null)
            {
                continue;
            }

            var schemaErrors = Flatten(_schema.Validate(root)).Select(e => Describe(file, e)).DistinctBy(e => (e.JsonPath, e.Message)).ToArray();
            if (schemaErrors.Length > 0)
            {
                errors.AddRange(schemaErrors);
                continue;
            }

            ReadFile(file, root, errors, departments, ids);
        }

        return errors.Count > 0
            ? new SourceFileLoadResult(null, errors)
            : new SourceFileLoadResult(
                new SourceFileSet(departments.Select(d => new SourceDepartment(d.Code, d.Name, d.Sources)).ToArray()), []);
    }

    private static SourceFileLoadResult Failed(SourceFileError error) => new(null, [error]);

    private static JToken? Parse(string file, string text, List<SourceFileError> errors)
    {
        try
        {
            return JToken.Parse(text, StrictJson.Settings);
        }
        catch (JsonReaderException ex)
        {
            errors.Add(new SourceFileError(file, "$" + (string.IsNullOrEmpty(ex.Path) ? string.Empty : "." + ex.Path), ex.LineNumber, ex.LinePosition,
                $"The file is not valid JSON: {FirstSentence(ex.Message)}", "Correct the JSON syntax at that place (a missing comma or quote, or a key given twice)."));
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }

    // Containers (an invalid array item, an invalid additional property) are not errors themselves: their children are.
    // A failed oneOf on the connection is explained by the errors inside its branches, minus each branch's complaint
    // about the other branch's key, which only says "env and config are alternatives".
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is not ChildSchemaValidationError container)
            {
                yield return error;
                continue;
            }

            var children = container.Errors.Values.SelectMany(e => e).ToArray();
            if (error.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf)
            {
                var telling = Flatten(children).Where(child => !IsAlternativeNoise(child)).ToArray();
                if (telling.Length == 0)
                {
                    yield return error;
                }

                foreach (var child in telling)
                {
                    yield return child;
                }
            }
            else
            {
                foreach (var child in Flatten(children))
                {
                    yield return child;
                }
            }
        }
    }

    private static bool IsAlternativeNoise(ValidationError error) =>
        error.Kind is ValidationErrorKind.PropertyRequired or ValidationErrorKind.NoAdditionalPropertiesAllowed
        && LastSegment(error.Path) is "env" or "config";

    private static SourceFileError Describe(string file, ValidationError error)
    {
        var path = JsonPath(error.Path);
        var name = LastSegment(error.Path);
        var parent = ParentSegment(error.Path);
        var (message, fix) = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => (
                $"The required property '{name}' is missing.",
                Examples.TryGetValue(name, out var example) ? $"add the property '{name}', e.g. {example}" : $"add the property '{name}'"),
            ValidationErrorKind.NoAdditionalPropertiesAllowed when SecretNames.Contains(name) => (
                $"The property '{name}' is not allowed: it would put a secret in a source file.",
                "remove it — secrets never go in source files; put the secret in the environment variable or configuration key that 'connection' names, e.g. {\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"}"),
            ValidationErrorKind.NoAdditionalPropertiesAllowed => (
                $"The property '{name}' is not allowed here.",
                $"remove it or correct its spelling; {SchemaFile} lists the allowed properties (kind-specific settings go under 'options')"),
            ValidationErrorKind.ObjectExpected when name == "connection" => (
                "The connection is a plain value, not a reference.",
                "replace the plain string with {\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"} — secrets never go in source files"),
            ValidationErrorKind.NotOneOf when name == "connection" => (
                "The connection must name exactly one place: an environment variable or a configuration key.",
                "write {\"env\": \"DATACATALOG_SOURCE_TRANSPORT_DB\"} or {\"config\": \"Sources:Transport\"}, not both and not neither"),
            ValidationErrorKind.PatternMismatch => (
                $"The value of '{name}' has the wrong form.",
                name switch
                {
                    "id" or "code" => "use 2–63 lower-case letters, digits and hyphens, starting with a letter or digit, e.g. \"transport-db\"",
                    "schedule" => "give a Quartz cron expression with 6 or 7 fields, seconds first, e.g. \"0 0 3 * * ?\" (03:00 every day)",
                    "env" => "give an environment variable name of letters, digits and underscores, e.g. \"DATACATALOG_SOURCE_TRANSPORT_DB\"",
                    "config" => "give a configuration key with ':' between sections, e.g. \"Sources:Transport\"",
                    _ => $"see the pattern for '{name}' in {SchemaFile}",
                }),
            ValidationErrorKind.NotInEnumeration when name == "kind" => (
                "The kind is not one the catalogue can harvest.",
                $"use one of {string.Join(", ", SourceKind.All.Select(k => $"\"{k}\""))}"),
            ValidationErrorKind.StringExpected when parent == "options" => (
                $"The option '{name}' is not a string.",
                $"write the value in quotes, e.g. \"{name}\": \"100\" — every option is a string"),
            ValidationErrorKind.StringExpected => ($"The value of '{name}' must be a string.", "write it in double quotes"),
            ValidationErrorKind.BooleanExpected => ($"The value of '{name}' must be true or false.", "write true or false without quotes"),
            ValidationErrorKind.ArrayExpected => ($"The value of '{name}' must be an array.", "enclose the sources in [ ], e.g. \"sources\": [{\"id\": \"transport-db\", …}]"),
            ValidationErrorKind.ObjectExpected => ($"The value of '{name}' must be an object.", $"give an object, e.g. {(Examples.TryGetValue(name, out var e) ? e : "{ … }")}"),
            ValidationErrorKind.StringTooShort => ($"The value of '{name}' is empty.", "give a value, or remove the property if it is optional"),
            ValidationErrorKind.TooFewItems => ("The file declares no sources.", "add at least one source, or delete the file"),
            _ => ($"The value does not match the schema ({error.Kind}).", $"see '{name}' in {SchemaFile}"),
        };
        return new SourceFileError(file, path, error.LineNumber, error.LinePosition, message, fix);
    }

    private void ReadFile(
        string file, JToken root, List<SourceFileError> errors,
        List<(string Code, string Name, string File, List<DeclaredSource> Sources)> departments,
        Dictionary<string, (string File, int Line)> ids)
    {
        var code = (string)root["department"]!["code"]!;
        var departmentName = (string)root["department"]!["name"]!;
        var department = departments.FirstOrDefault(d => d.Code == code);
        if (department.Sources is null)
        {
            department = (code, departmentName, file, []);
            departments.Add(department);
        }
        else if (department.Name != departmentName)
        {
            var place = root["department"]!["name"]!;
            errors.Add(At(file, place, $"Department '{code}' is named '{departmentName}' here but '{department.Name}' in {department.File}.",
                "use the same department name in every file of that department, or give the departments different codes"));
        }

        foreach (var item in (JArray)root["sources"]!)
        {
            var id = (string)item["id"]!;
            var idToken = item["id"]!;
            if (ids.TryGetValue(id, out var first))
            {
                errors.Add(At(file, idToken, $"The source id '{id}' is already declared in {first.File} at line {first.Line}.",
                    "give each source its own id; ids are unique across the whole city because datasets are keyed by them"));
                continue;
            }

            ids[id] = (file, Line(idToken));
            var schedule = (string)item["schedule"]!;
            var timeZone = (string?)item["timeZone"] ?? "Asia/Seoul";
            var valid = CheckSchedule(file, item["schedule"]!, schedule, errors) & CheckTimeZone(file, item["timeZone"], timeZone, errors);
            if (!valid)
            {
                continue;
            }

            var connection = (JObject)item["connection"]!;
            var connectionRef = connection["env"] is { } env ? ConnectionResolver.EnvPrefix + (string)env! : ConnectionResolver.ConfigPrefix + (string)connection["config"]!;
            var named = connection["env"] ?? connection["config"]!;
            var refusal = connection["env"] is not null ? _policy.CheckEnvironmentVariable((string)named!) : _policy.CheckConfigurationKey((string)named!);
            if (refusal is { } refused)
            {
                errors.Add(At(file, named, refused.Problem, refused.Fix));
                continue;
            }

            if (item["options"] is JObject declared && declared.Properties().FirstOrDefault(p => SecretNames.Contains(p.Name)) is { } secret)
            {
                errors.Add(At(file, secret.Value, $"The option '{secret.Name}' would put a secret in a source file.",
                    "remove it — secrets never go in source files; put the secret in the environment variable or configuration key that 'connection' names"));
                continue;
            }

            var options = item["options"] is JObject optionObject
                ? optionObject.Properties().ToDictionary(p => p.Name, p => (string)p.Value!, StringComparer.Ordinal)
                : null;
            var definition = new SourceDefinition(
                id, code, (string)item["kind"]!, (string)item["name"]!, connectionRef, schedule.Trim(), timeZone,
                (string?)item["ruleSet"], (string?)item["owner"], options);
            department.Sources.Add(new DeclaredSource(definition, (bool?)item["enabled"] ?? true, file));
        }
    }

    private static bool CheckSchedule(string file, JToken place, string schedule, List<SourceFileError> errors)
    {
        try
        {
            CronExpression.Parse(schedule.Trim());
            return true;
        }
        catch (FormatException ex)
        {
            errors.Add(At(file, place, $"The schedule \"{schedule}\" is not a valid Quartz cron expression: {ex.Message}",
                "give seconds minutes hours day-of-month month day-of-week [year], with '?' in one of the two day fields, e.g. \"0 0 3 * * ?\" (03:00 every day)"));
            return false;
        }
    }

    private static bool CheckTimeZone(string file, JToken? place, string timeZone, List<SourceFileError> errors)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add(At(file, place!, $"The time zone \"{timeZone}\" is not known on this machine.",
                "use an IANA time zone name such as \"Asia/Seoul\", or leave 'timeZone' out to use Asia/Seoul"));
            return false;
        }
    }

    private static SourceFileError At(string file, JToken token, string message, string fix)
    {
        var info = (IJsonLineInfo)token;
        return new SourceFileError(file, "$." + token.Path, info.LineNumber, info.LinePosition, message, fix);
    }

    private static int Line(JToken token) => ((IJsonLineInfo)token).LineNumber;

    private static string JsonPath(string? schemaPath) =>
        string.IsNullOrEmpty(schemaPath) || schemaPath == "#" ? "$" : "$." + schemaPath.TrimStart('#', '/');

    private static string LastSegment(string? schemaPath)
    {
        var segments = Segments(schemaPath);
        return segments.Count == 0 ? string.Empty : segments[^1];
    }

    private static string ParentSegment(string? schemaPath)
    {
        var segments = Segments(schemaPath);
        return segments.Count < 2 ? string.Empty : segments[^2];
    }

    private static List<string> Segments(string? schemaPath) =>
        PathSegment().Matches(schemaPath ?? string.Empty).Select(m => m.Value).ToList();

    // Property names in NJsonSchema's paths (#/sources[0].connection.env), without the array indexes.
    [GeneratedRegex(@"[^#/.\[\]]+(?![^\[]*\])")]
    private static partial Regex PathSegment();
}
