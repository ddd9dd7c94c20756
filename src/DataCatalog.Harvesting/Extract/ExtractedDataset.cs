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
    /// <summary>True when the connector could not list the whole source (a failed page, fewer datasets than the source
    /// counts): datasets not delivered may still exist, so nothing is withdrawn.</summary>
    public bool ListingIncomplete { get; init; }

    /// <summary>True for an entry that is no dataset but a note about the listing; its warnings belong to the run.</summary>
    public bool IsNotice => Snapshot is null && Error is null;
    /// <summary>What the connector saw of the dataset's data (statistics, file size and time…); equal to the published
    /// token means the data did not change. Null when the connector cannot tell.</summary>
    public string? ChangeToken { get; init; }

    /// <summary>True when the connector did not profile the dataset because its <see cref="ChangeToken"/> equals the
    /// published one: <see cref="Profiles"/> is empty and the published profiles still hold.</summary>
    public bool ProfilesReused { get; init; }

    public static ExtractedDataset Failed(string qualifiedName, string error) => new(qualifiedName, null, [], error);

    /// <summary>A note about the listing as a whole (repeated datasets, a short count), named like a page entry.</summary>
    public static ExtractedDataset Notice(string name, IReadOnlyList<string> warnings, bool listingIncomplete) =>
        new(name, null, [], Warnings: warnings) { ListingIncomplete = listingIncomplete };
}

/// <summary>The source as a whole cannot be read (unreachable server, missing folder); the message names the source and the fix.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The source answers, but in a format its connector does not read (Turtle where RDF/XML was expected, an HTML
/// page); asking again cannot help, so the run fails at once, naming the format and the formats read.</summary>
public sealed class SourceFormatException(string message) : Exception(message);
