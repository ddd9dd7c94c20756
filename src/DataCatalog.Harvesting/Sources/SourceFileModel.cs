using DataCatalog.Core.Sources;

namespace DataCatalog.Harvesting.Sources;

/// <summary>One problem in a source file, with its place and how to fix it.</summary>
/// <param name="File">The file's path relative to the source directory.</param>
/// <param name="JsonPath">Where in the file (<c>$.sources[0].schedule</c>); <c>$</c> for the whole file.</param>
/// <param name="Line">1-based line; 0 when the problem has no single place (a missing directory).</param>
/// <param name="Column">1-based column just past the offending value (Json.NET's convention), or of the object that lacks a property; 0 when unknown.</param>
public sealed record SourceFileError(string File, string JsonPath, int Line, int Column, string Message, string Fix)
{
    public override string ToString() => $"{File}({Line},{Column}) {JsonPath}: {Message} Fix: {Fix}";
}

/// <summary>A source as declared, with the switch the definition itself does not carry and the file it came from.</summary>
public sealed record DeclaredSource(SourceDefinition Definition, bool Enabled, string File);

/// <summary>A department and the sources its files declare.</summary>
public sealed record SourceDepartment(string Code, string Name, IReadOnlyList<DeclaredSource> Sources);

/// <summary>Every source declared in a directory of source files, all of them valid.</summary>
public sealed record SourceFileSet(IReadOnlyList<SourceDepartment> Departments)
{
    public IEnumerable<DeclaredSource> AllSources => Departments.SelectMany(d => d.Sources);

    /// <summary>The definitions to schedule: those not switched off with <c>"enabled": false</c>.</summary>
    public IEnumerable<SourceDefinition> EnabledSources => AllSources.Where(s => s.Enabled).Select(s => s.Definition);
}

/// <summary>The outcome of loading a source directory: all sources, or every error and no sources at all.</summary>
/// <remarks>All-or-nothing on purpose: harvesting half a directory would withdraw the datasets of the sources left out.</remarks>
public sealed record SourceFileLoadResult(SourceFileSet? Sources, IReadOnlyList<SourceFileError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
