using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Extract;

/// <summary>One dataset as a connector delivered it: its snapshot and column profiles, or the error that stopped it.</summary>
/// <param name="QualifiedName">The dataset's identity inside its source, also when it failed.</param>
/// <param name="Snapshot">Structure and metadata; null when <paramref name="Error"/> is set.</param>
/// <param name="Profiles">One profile per profiled column, in column order.</param>
/// <param name="Error">Why this dataset could not be read, with its place and the fix.</param>
/// <param name="Warnings">Problems that did not stop the dataset (a malformed row with its line number).</param>
/// <param name="RejectedRows">Rows that could not be read and were left out of the profile.</param>
public sealed record ExtractedDataset(
    string QualifiedName,
    DatasetSnapshot? Snapshot,
    IReadOnlyList<ColumnProfile> Profiles,
    string? Error = null,
    IReadOnlyList<string>? Warnings = null,
    long RejectedRows = 0)
{
    /// <summary>What the connector saw of the dataset's data (statistics, file size and time…); equal to the published
    /// token means the data did not change. Null when the connector cannot tell.</summary>
    public string? ChangeToken { get; init; }

    /// <summary>True when the connector did not profile the dataset because its <see cref="ChangeToken"/> equals the
    /// published one: <see cref="Profiles"/> is empty and the published profiles still hold.</summary>
    public bool ProfilesReused { get; init; }

    public static ExtractedDataset Failed(string qualifiedName, string error) => new(qualifiedName, null, [], error);
}

/// <summary>The source as a whole cannot be read (unreachable server, missing folder); the message names the source and the fix.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
