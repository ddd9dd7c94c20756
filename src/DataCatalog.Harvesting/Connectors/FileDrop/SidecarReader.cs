using System.Text.Json;
using DataCatalog.Core.Catalog;
using NJsonSchema;
using NJsonSchema.Validation;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Reads a data file's <c>&lt;file&gt;.meta.json</c> sidecar, validated against <c>schemas/dataset-meta.schema.json</c>.</summary>
/// <remarks>A sidecar that is missing or invalid never fails its data file: the metadata falls back to the file name as
/// title and the problems become the dataset's warnings.</remarks>
internal static class SidecarReader
{
    public const string Suffix = ".meta.json";
    private const string SchemaResource = "dataset-meta.schema.json";

    private static readonly Lazy<Task<JsonSchema>> Schema = new(LoadSchemaAsync);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(DatasetMetadata Metadata, IReadOnlyList<string> Warnings)> ReadAsync(
        string? sidecarPath, string relativePath, CancellationToken cancellationToken)
    {
        var fallback = DatasetMetadata.Empty with { Title = Path.GetFileName(relativePath) };
        if (sidecarPath is null)
        {
            return (fallback, []);
        }

        var place = relativePath + Suffix;
        // JSON is UTF-8 by definition (RFC 8259); a CP949 sidecar fails the syntax check below with its place.
        var json = await File.ReadAllTextAsync(sidecarPath, cancellationToken);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (fallback,
            [
                $"{place}: line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: not valid JSON ({e.Message}). "
                + "Fix: correct the syntax (quoted property names, no trailing commas) and save the file as UTF-8; the file name is used as title until then.",
            ]);
        }

        var errors = (await Schema.Value).Validate(json);
        if (errors.Count > 0)
        {
            return (fallback, [.. errors.Select(e => Describe(place, e))]);
        }

        var document = JsonSerializer.Deserialize<SidecarDocument>(json, Json)!;
        return (DatasetMetadata.Empty with
        {
            Title = document.Title,
            Description = document.Description,
            Publisher = document.Publisher,
            UpdateCycle = document.UpdateCycle,
            Licence = document.Licence,
            Keywords = document.Keywords ?? [],
            Theme = document.Theme,
            ContactPoint = document.ContactPoint,
        }, []);
    }

    private static string Describe(string place, ValidationError error)
    {
        var at = error.HasLineInfo ? $" (line {error.LineNumber}, position {error.LinePosition})" : string.Empty;
        var fix = error.Kind switch
        {
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"remove '{error.Property}' or rename it to one of title, description, publisher, updateCycle, licence, keywords, theme, contactPoint",
            ValidationErrorKind.PropertyRequired => $"add the property '{error.Property}'",
            ValidationErrorKind.StringExpected => "write the value as a JSON string in quotes",
            ValidationErrorKind.ArrayExpected => "write the value as a list of strings, such as [\"주차장\", \"parking\"]",
            ValidationErrorKind.StringTooShort => "give a non-empty value or remove the property",
            ValidationErrorKind.ItemsNotUnique => "list each keyword once",
            ValidationErrorKind.ObjectExpected => "make the file one JSON object { … }",
            _ => "follow schemas/dataset-meta.schema.json",
        };
        return $"{place}: {error.Path}{at}: {error.Kind}. Fix: {fix}; the file name is used as title until then.";
    }

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        await using var stream = typeof(SidecarReader).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The embedded resource '{SchemaResource}' is missing from the Harvesting assembly.");
        using var reader = new StreamReader(stream);
        return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync());
    }

    private sealed record SidecarDocument(
        string? Title,
        string? Description,
        string? Publisher,
        string? UpdateCycle,
        string? Licence,
        IReadOnlyList<string>? Keywords,
        string? Theme,
        string? ContactPoint);
}
