using Newtonsoft.Json.Linq;

namespace DataCatalog.Harvesting.Sources;

/// <summary>How every file a user writes (source files, rule sets) is read: with line numbers for error messages,
/// comments allowed, and a key given twice refused rather than the last one silently kept.</summary>
internal static class StrictJson
{
    public static JsonLoadSettings Settings { get; } = new()
    {
        LineInfoHandling = LineInfoHandling.Load,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
    };
}
