using System.Globalization;
using System.Text.RegularExpressions;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Harvesting.Sources;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DataCatalog.Harvesting.Scoring;

/// <summary>One problem in a rule-set file, with its place and how to fix it.</summary>
public sealed record RuleSetError(string File, string JsonPath, int Line, int Column, string Message, string Fix)
{
    public override string ToString() => $"{File}({Line},{Column}) {JsonPath}: {Message} Fix: {Fix}";
}

/// <summary>A rule-set file as written: its name, what it extends, and its text (kept to store and re-read).</summary>
public sealed record RuleSetFile(string File, string Name, string? Extends, string Json);

/// <summary>Rule sets resolved from files (each with the rules it inherits), or every error and none at all.</summary>
public sealed record RuleSetLoadResult(IReadOnlyDictionary<string, RuleSet> RuleSets, IReadOnlyList<RuleSetFile> Files, IReadOnlyList<RuleSetError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Loads rule-set files (<c>schemas/ruleset.schema.json</c>, JSON Schema draft 4) and resolves what they extend.</summary>
/// <remarks>Each file is validated against the schema, then checked for what the schema cannot say: a known dimension and
/// kind, a regular expression that compiles, a threshold, ids given once per file, parameters the kind reads, a rule set
/// it extends that exists. The city default (embedded) is always known; a file named <c>city-default</c> replaces it.
/// All-or-nothing: any error means no rule sets.</remarks>
public sealed class RuleSetFileLoader
{
    /// <summary>The rule set a source without a <c>ruleSet</c> is scored with.</summary>
    public const string CityDefault = "city-default";

    private const string SchemaFile = "schemas/ruleset.schema.json";
    private readonly JsonSchema _schema;
    private readonly string _cityDefault;

    private RuleSetFileLoader(JsonSchema schema, string cityDefault)
    {
        _schema = schema;
        _cityDefault = cityDefault;
    }

    /// <summary>The embedded city default rule set's JSON.</summary>
    public string CityDefaultJson => _cityDefault;

    public static async Task<RuleSetFileLoader> CreateAsync()
    {
        var schema = await JsonSchema.FromJsonAsync(await ResourceAsync("ruleset.schema.json"));
        return new RuleSetFileLoader(schema, await ResourceAsync("city-default.json"));
    }

    private static async Task<string> ResourceAsync(string name)
    {
        await using var stream = typeof(RuleSetFileLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from {typeof(RuleSetFileLoader).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Loads a file, or every <c>*.json</c> of a directory (ordinal name order).</summary>
    public async Task<RuleSetLoadResult> LoadPathAsync(string path, CancellationToken cancellationToken = default)
    {
        string[] files;
        string root;
        if (File.Exists(path))
        {
            files = [path];
            root = Path.GetDirectoryName(Path.GetFullPath(path))!;
        }
        else if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToArray();
            root = path;
        }
        else
        {
            return new RuleSetLoadResult(new Dictionary<string, RuleSet>(), [], [new RuleSetError(path, "$", 0, 0, "No such file or directory.", "give a rule-set file or a folder of them (*.json)")]);
        }

        var texts = new List<(string File, string Json)>();
        foreach (var file in files)
        {
            texts.Add((Path.GetRelativePath(root, file), await File.ReadAllTextAsync(file, cancellationToken)));
        }

        return Load(texts);
    }

    /// <summary>Validates and resolves rule-set texts, with the embedded city default underneath unless one of them replaces it.</summary>
    public RuleSetLoadResult Load(IReadOnlyList<(string File, string Json)> texts)
    {
        var errors = new List<RuleSetError>();
        var documents = new List<(RuleSetFile File, JObject Root)>();
        foreach (var (file, json) in texts)
        {
            if (Parse(file, json, errors) is not JObject root)
            {
                continue;
            }

            var schemaErrors = Flatten(_schema.Validate(root)).Select(e => Describe(file, e)).DistinctBy(e => (e.JsonPath, e.Message)).ToList();
            if (schemaErrors.Count > 0)
            {
                errors.AddRange(schemaErrors);
                continue;
            }

            var name = (string)root["name"]!;
            if (documents.FirstOrDefault(d => d.File.Name == name) is { File: { } other })
            {
                errors.Add(At(file, root["name"]!, $"The rule set '{name}' is also defined in {other.File}.", "give each rule set its own name"));
                continue;
            }

            documents.Add((new RuleSetFile(file, name, (string?)root["extends"], json), root));
        }

        if (!documents.Any(d => d.File.Name == CityDefault))
        {
            var root = (JObject)Parse("city-default.json (built in)", _cityDefault, errors)!;
            documents.Insert(0, (new RuleSetFile("city-default.json (built in)", CityDefault, null, _cityDefault), root));
        }

        var resolved = new Dictionary<string, RuleSet>(StringComparer.Ordinal);
        var byName = documents.ToDictionary(d => d.File.Name, StringComparer.Ordinal);
        foreach (var document in documents)
        {
            Resolve(document.File.Name, byName, resolved, [], errors);
        }

        return errors.Count > 0
            ? new RuleSetLoadResult(new Dictionary<string, RuleSet>(), [], errors)
            : new RuleSetLoadResult(resolved, documents.Where(d => !d.File.File.EndsWith("(built in)", StringComparison.Ordinal)).Select(d => d.File).ToList(), []);
    }

    private RuleSet? Resolve(string name, Dictionary<string, (RuleSetFile File, JObject Root)> byName, Dictionary<string, RuleSet> resolved, HashSet<string> visiting, List<RuleSetError> errors)
    {
        if (resolved.TryGetValue(name, out var done))
        {
            return done;
        }

        var (file, root) = byName[name];
        if (!visiting.Add(name))
        {
            errors.Add(At(file.File, root["extends"]!, $"The rule set '{name}' extends itself through '{file.Extends}'.", "break the cycle: a department's rule set extends city-default"));
            return null;
        }

        RuleSet? parent = null;
        if (file.Extends is { } extends)
        {
            if (!byName.ContainsKey(extends))
            {
                errors.Add(At(file.File, root["extends"]!, $"The rule set '{extends}' that '{name}' extends is not defined.",
                    $"extend one of {string.Join(", ", byName.Keys.Select(k => $"\"{k}\""))}, or add the file that defines '{extends}'"));
                return null;
            }

            parent = Resolve(extends, byName, resolved, visiting, errors);
            if (parent is null)
            {
                return null;
            }
        }

        var before = errors.Count;
        var weights = new Dictionary<QualityDimension, double>(parent?.DimensionWeights ?? new Dictionary<QualityDimension, double>());
        if (root["dimensionWeights"] is JObject declaredWeights)
        {
            foreach (var property in declaredWeights.Properties())
            {
                if (Dimension(file.File, property, property.Name, errors) is { } dimension)
                {
                    weights[dimension] = (double)property.Value;
                }
            }
        }

        var rules = (parent?.Rules ?? []).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in (JArray)root["rules"]!)
        {
            var id = (string)item["id"]!;
            if (seen.TryGetValue(id, out var line))
            {
                errors.Add(At(file.File, item["id"]!, $"The rule id '{id}' is already used at line {line} of this file.", "give each rule its own id; to change an inherited rule, declare its id once"));
                continue;
            }

            seen[id] = ((IJsonLineInfo)item["id"]!).LineNumber;
            var index = rules.FindIndex(r => r.Id == id);
            var inherited = index >= 0 ? rules[index] : null;
            if (item["enabled"] is { } enabled && !(bool)enabled)
            {
                if (index >= 0)
                {
                    rules.RemoveAt(index);
                }

                continue;
            }

            if (Rule(file.File, (JObject)item, inherited, errors) is { } rule)
            {
                if (index >= 0)
                {
                    rules[index] = rule;
                }
                else
                {
                    rules.Add(rule);
                }
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var set = new RuleSet(name, weights, rules);
        resolved[name] = set;
        return set;
    }

    private static RuleDefinition? Rule(string file, JObject item, RuleDefinition? inherited, List<RuleSetError> errors)
    {
        var before = errors.Count;
        var id = (string)item["id"]!;
        var dimension = item["dimension"] is { } d ? Dimension(file, d, (string)d!, errors) : inherited?.Dimension;
        var kind = inherited?.Kind;
        if (item["kind"] is { } k)
        {
            kind = (string)k!;
            if (!RuleKinds.All.ContainsKey(kind))
            {
                errors.Add(At(file, k, $"The rule kind '{kind}' is unknown.", $"use one of {string.Join(", ", RuleKinds.All.Keys)}"));
                kind = null;
            }
        }

        if (dimension is null && item["dimension"] is null)
        {
            errors.Add(At(file, item, $"The rule '{id}' has no dimension.", "add \"dimension\": one of completeness, validity, uniqueness, consistency, timeliness, accuracy, standardization"));
        }

        if (kind is null && item["kind"] is null)
        {
            errors.Add(At(file, item, $"The rule '{id}' has no kind.", $"add \"kind\": one of {string.Join(", ", RuleKinds.All.Keys)}"));
        }

        if (kind is not null && dimension is { } dim && !RuleKinds.All[kind].Dimensions.Contains(dim))
        {
            errors.Add(At(file, item["dimension"] ?? item["kind"] ?? item, $"A {kind} rule does not measure {dim.ToString().ToLowerInvariant()}.",
                $"put it under {string.Join(" or ", RuleKinds.All[kind].Dimensions.Select(x => x.ToString().ToLowerInvariant()))}"));
        }

        var threshold = item["threshold"] is JObject t ? Threshold(file, t, errors) : inherited?.Threshold;
        if (threshold is null && item["threshold"] is null)
        {
            errors.Add(At(file, item, $"The rule '{id}' has no threshold.", "add \"threshold\": {\"error\": 0.95} (the passing share below which it fails) or {\"tolerance\": 0.05} (the error rate it tolerates)"));
        }

        var parameters = inherited?.Parameters ?? RuleParameters.None;
        if (kind is not null && item["parameters"] is JObject declared)
        {
            parameters = Parameters(file, kind, declared, errors);
        }

        if (kind is not null)
        {
            var given = item["parameters"] is JObject p ? p.Properties().Select(x => x.Name).ToHashSet(StringComparer.Ordinal) : null;
            foreach (var required in RuleKinds.All[kind].Required.Where(r => given is null ? inherited is null || inherited.Kind != kind : !given.Contains(r)))
            {
                errors.Add(At(file, item["parameters"] ?? item, $"A {kind} rule needs the parameter '{required}'.", $"add \"parameters\": {{\"{required}\": …}}"));
            }
        }

        var target = item["target"] is JObject target0 ? Target(target0) : inherited?.Target ?? RuleTarget.All;
        if (errors.Count > before || dimension is null || kind is null || threshold is null)
        {
            return null;
        }

        return new RuleDefinition(id, dimension.Value, kind, target, parameters, threshold,
            item["weight"] is { } w ? (double)w : inherited?.Weight ?? 1,
            item["severity"] is { } s ? Enum.Parse<RuleSeverity>((string)s!, ignoreCase: true) : inherited?.Severity ?? RuleSeverity.Warning,
            (string?)item["description"] ?? inherited?.Description);
    }

    private static QualityDimension? Dimension(string file, JToken place, string name, List<RuleSetError> errors)
    {
        if (Enum.TryParse<QualityDimension>(name, ignoreCase: true, out var dimension) && !int.TryParse(name, out _))
        {
            return dimension;
        }

        errors.Add(At(file, place, $"The dimension '{name}' is unknown.", $"use one of {string.Join(", ", Enum.GetNames<QualityDimension>().Select(n => n.ToLowerInvariant()))}"));
        return null;
    }

    private static RuleThreshold? Threshold(string file, JObject threshold, List<RuleSetError> errors)
    {
        var error = (double?)threshold["error"];
        var warn = (double?)threshold["warn"];
        if (threshold["tolerance"] is { } tolerance)
        {
            if (error is not null)
            {
                errors.Add(At(file, tolerance, "The threshold gives both 'error' and 'tolerance'.", "keep one: tolerance 0.05 is error 0.95"));
                return null;
            }

            error = 1 - (double)tolerance;
        }

        if (error is null)
        {
            errors.Add(At(file, threshold, "The threshold has no 'error' or 'tolerance'.", "add \"error\": 0.95 (the passing share below which the rule fails) or \"tolerance\": 0.05"));
            return null;
        }

        if (warn is { } w && w < error)
        {
            errors.Add(At(file, threshold["warn"]!, $"The warning share {w} is below the error share {error}.", "warn must be at least error: it marks passing rules that come close"));
            return null;
        }

        return new RuleThreshold(Math.Round(error.Value, 9), warn);
    }

    private static RuleParameters Parameters(string file, string kind, JObject declared, List<RuleSetError> errors)
    {
        var allowed = RuleKinds.All[kind].Allowed.ToHashSet(StringComparer.Ordinal);
        var parameters = new RuleParameters();
        foreach (var property in declared.Properties())
        {
            if (!allowed.Contains(property.Name))
            {
                errors.Add(At(file, property.Value, $"A {kind} rule has no parameter '{property.Name}'.",
                    allowed.Count == 0 ? "remove 'parameters': this kind takes none" : $"remove it or use one of {string.Join(", ", allowed)}"));
                continue;
            }

            var value = property.Value;
            switch (property.Name)
            {
                case "pattern":
                    var pattern = (string?)value ?? "";
                    try
                    {
                        _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                        parameters = parameters with { Pattern = pattern };
                    }
                    catch (ArgumentException ex)
                    {
                        errors.Add(At(file, property.Value, $"The pattern \"{pattern}\" is not a valid regular expression: {ex.Message}", "correct the .NET regular expression (escape \\ as \\\\ in JSON); it must match a whole value"));
                    }

                    break;
                case "values":
                    parameters = parameters with { Values = Strings(value) };
                    break;
                case "columns":
                    var columns = Strings(value);
                    if (kind == RuleKinds.ColumnOrder && columns.Count != 2)
                    {
                        errors.Add(At(file, property.Value, $"A column-order rule compares two columns; {columns.Count} are given.", "give [\"start column\", \"end column\"]"));
                    }

                    parameters = parameters with { Columns = columns };
                    break;
                case "fields":
                    var unknown = Strings(value).Where(f => !RuleEngine.PortalFields.Contains(f) && f != "theme").ToList();
                    if (unknown.Count > 0)
                    {
                        errors.Add(At(file, property.Value, $"Unknown metadata field(s): {string.Join(", ", unknown)}.", $"use {string.Join(", ", RuleEngine.PortalFields)} or theme"));
                    }

                    parameters = parameters with { Fields = Strings(value) };
                    break;
                case "min":
                    parameters = parameters with { Min = Scalar(value) };
                    break;
                case "max":
                    parameters = parameters with { Max = Scalar(value) };
                    break;
                case "format":
                    var format = (string?)value ?? "";
                    if (!DateText.Formats.Contains(format.ToUpperInvariant()))
                    {
                        errors.Add(At(file, property.Value, $"The date format '{format}' is unknown.", $"use one of {string.Join(", ", DateText.Formats)}"));
                    }

                    parameters = parameters with { Format = format };
                    break;
                case "scheme":
                    var scheme = (string?)value;
                    if (scheme is not ("business" or "resident"))
                    {
                        errors.Add(At(file, property.Value, $"The check-digit scheme '{scheme}' is unknown.", "use \"business\" (사업자등록번호) or \"resident\" (주민등록번호)"));
                    }

                    parameters = parameters with { Scheme = scheme };
                    break;
                case "bounds":
                    var bounds = (string?)value;
                    if (bounds is not ("city" or "korea"))
                    {
                        errors.Add(At(file, property.Value, $"The bounds '{bounds}' are unknown.", "use \"korea\" (or \"city\", which checks Korea until a city box is configured)"));
                    }

                    parameters = parameters with { Bounds = bounds };
                    break;
                case "graceDays":
                    if (value.Type != JTokenType.Integer || (int)value < 0)
                    {
                        errors.Add(At(file, property.Value, "graceDays must be a whole number of days, 0 or more.", "write e.g. \"graceDays\": 3"));
                    }
                    else
                    {
                        parameters = parameters with { GraceDays = (int)value };
                    }

                    break;
            }
        }

        return parameters;
    }

    private static List<string> Strings(JToken token) =>
        token is JArray array ? array.Select(Scalar).OfType<string>().ToList() : Scalar(token) is { } one ? [one] : [];

    private static string? Scalar(JToken token) => token.Type switch
    {
        JTokenType.Null => null,
        JTokenType.Float => ((double)token).ToString(CultureInfo.InvariantCulture),
        JTokenType.Integer => ((long)token).ToString(CultureInfo.InvariantCulture),
        _ => (string?)token,
    };

    private static RuleTarget Target(JObject target)
    {
        var datasets = target["datasets"];
        var columns = target["columns"];
        List<string> List(JToken? parent, string name) => parent?[name] is JArray a ? a.Select(x => (string)x!).ToList() : [];
        return new RuleTarget(
            new DatasetSelector(List(datasets, "sources"), List(datasets, "kinds"), List(datasets, "names")),
            new ColumnSelector(List(columns, "names"), List(columns, "semanticTypes"), List(columns, "inferredTypes"), List(columns, "pii"), List(columns, "standardTerms")));
    }

    private static JToken? Parse(string file, string text, List<RuleSetError> errors)
    {
        try
        {
            return JToken.Parse(text, StrictJson.Settings);
        }
        catch (JsonReaderException ex)
        {
            errors.Add(new RuleSetError(file, "$" + (string.IsNullOrEmpty(ex.Path) ? "" : "." + ex.Path), ex.LineNumber, ex.LinePosition,
                "The file is not valid JSON: " + ex.Message.Split(". Path")[0] + ".", "correct the JSON syntax at that place (a missing comma or quote, or a key given twice)"));
            return null;
        }
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child ? Flatten(child.Errors.Values.SelectMany(x => x)) : [e]);

    private static RuleSetError Describe(string file, ValidationError error)
    {
        var path = string.IsNullOrEmpty(error.Path) || error.Path == "#" ? "$" : "$." + error.Path.TrimStart('#', '/');
        var name = error.Property ?? path.Split('.', '[').Last();
        var (message, fix) = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => ($"The required property '{name}' is missing.", $"add '{name}' (see {SchemaFile})"),
            ValidationErrorKind.NoAdditionalPropertiesAllowed => ($"The property '{name}' is not allowed here.", $"remove it or correct its spelling; {SchemaFile} lists the allowed properties (kind-specific settings go under 'parameters')"),
            ValidationErrorKind.PatternMismatch => ($"The value of '{name}' has the wrong form.", "use lower-case letters, digits, '-' (and '.' in rule ids), e.g. \"validity.date-format\""),
            ValidationErrorKind.NotInEnumeration => ($"The value of '{name}' is not allowed.", "use one of info, warning, error, critical"),
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.NumberTooSmall => ($"The value of '{name}' is out of range.", "thresholds are shares between 0 and 1 (0.95 = 95 %); weights are 0 or more"),
            ValidationErrorKind.NumberExpected => ($"The value of '{name}' must be a number.", "write it without quotes, e.g. 0.95"),
            ValidationErrorKind.StringExpected => ($"The value of '{name}' must be a string.", "write it in double quotes"),
            ValidationErrorKind.ArrayExpected => ($"The value of '{name}' must be an array.", "enclose the values in [ ]"),
            ValidationErrorKind.ObjectExpected => ($"The value of '{name}' must be an object.", "give an object { … }"),
            ValidationErrorKind.BooleanExpected => ($"The value of '{name}' must be true or false.", "write true or false without quotes"),
            _ => ($"The value does not match the schema ({error.Kind}).", $"see '{name}' in {SchemaFile}"),
        };
        return new RuleSetError(file, path, error.LineNumber, error.LinePosition, message, fix);
    }

    private static RuleSetError At(string file, JToken token, string message, string fix)
    {
        var info = (IJsonLineInfo)token;
        return new RuleSetError(file, token.Path.Length == 0 ? "$" : "$." + token.Path, info.LineNumber, info.LinePosition, message, fix);
    }
}
