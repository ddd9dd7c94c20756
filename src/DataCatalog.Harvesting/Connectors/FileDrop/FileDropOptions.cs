using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>The file-drop options of a source definition, checked once per harvest.</summary>
/// <param name="Delimiter">Forces the field separator of delimited files (option <c>delimiter</c>: <c>,</c> <c>;</c> <c>|</c> <c>tab</c>).</param>
/// <param name="Encoding">Forces the encoding of delimited files (option <c>encoding</c>: <c>utf-8</c>, <c>cp949</c>, <c>euc-kr</c>).</param>
/// <param name="Header">Forces whether the first row is a header (option <c>header</c>: <c>true</c>/<c>false</c>).</param>
/// <param name="MaxWarnings">Warnings kept per dataset before the rest are only counted (option <c>maxWarnings</c>).</param>
public sealed record FileDropOptions(char? Delimiter, DetectedEncoding? Encoding, bool? Header, int MaxWarnings)
{
    public const int DefaultMaxWarnings = 20;

    /// <exception cref="SourceUnavailableException">An option has a value the connector cannot use; the message names the source and the fix.</exception>
    public static FileDropOptions From(SourceDefinition source)
    {
        char? delimiter = source.Option("delimiter") switch
        {
            null or "" => null,
            "tab" or "\\t" or "\t" => '\t',
            [var c] when c is not ('"' or '\r' or '\n') => c,
            var other => throw Invalid(source, "delimiter", other, "one character such as , ; | or the word tab"),
        };

        DetectedEncoding? encoding = source.Option("encoding") is { Length: > 0 } name
            ? EncodingDetector.FromOption(name) ?? throw Invalid(source, "encoding", name, "utf-8, cp949 or euc-kr, or remove it to detect")
            : null;

        bool? header = source.Option("header") switch
        {
            null or "" => null,
            var h when bool.TryParse(h, out var value) => value,
            var other => throw Invalid(source, "header", other, "true or false, or remove it to detect"),
        };

        var maxWarnings = source.Option("maxWarnings") switch
        {
            null or "" => DefaultMaxWarnings,
            var m when int.TryParse(m, out var value) && value >= 0 => value,
            var other => throw Invalid(source, "maxWarnings", other, "a whole number of 0 or more"),
        };

        return new FileDropOptions(delimiter, encoding, header, maxWarnings);
    }

    private static SourceUnavailableException Invalid(SourceDefinition source, string option, string value, string expected) =>
        new($"Source '{source.Id}': option '{option}' has the value '{value}', which the file-drop connector cannot use. Fix: set it to {expected}.");
}
