using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Publish;

/// <summary>Makes harvested text storable: PostgreSQL refuses NUL in text and <c>\u0000</c> in jsonb (22P05), and
/// UTF-8 cannot carry a lone surrogate, so both become U+FFFD before anything is written.</summary>
/// <remarks>Any file or table can hold such characters (a binary file named <c>.csv</c>); one of them must never
/// stop the dataset, let alone the run.</remarks>
public static class CatalogText
{
    /// <summary>Stands in for a character that cannot be stored.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary><paramref name="text"/> without NUL characters or lone surrogates; the same instance when it has none.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bad = IndexOfBad(text);
        if (bad < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = bad; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c == '\0')
            {
                chars[i] = Replacement;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                chars[i] = Replacement;
            }
        }

        return new string(chars);
    }

    /// <inheritdoc cref="Clean(string)"/>
    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    /// <summary>The dataset with every string it carries cleaned (names, metadata, profiles, warnings, error).</summary>
    public static ExtractedDataset Clean(ExtractedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset with
        {
            QualifiedName = Clean(dataset.QualifiedName),
            Snapshot = dataset.Snapshot is null ? null : Clean(dataset.Snapshot),
            Profiles = dataset.Profiles.Select(Clean).ToList(),
            Error = CleanOrNull(dataset.Error),
            Warnings = dataset.Warnings?.Select(Clean).ToList(),
        };
    }

    private static DatasetSnapshot Clean(DatasetSnapshot snapshot) => snapshot with
    {
        QualifiedName = Clean(snapshot.QualifiedName),
        Columns = snapshot.Columns.Select(c => c with
        {
            Name = Clean(c.Name),
            DataType = Clean(c.DataType),
            Description = CleanOrNull(c.Description),
            DefaultValue = CleanOrNull(c.DefaultValue),
            References = CleanOrNull(c.References),
        }).ToList(),
        Metadata = snapshot.Metadata with
        {
            Title = CleanOrNull(snapshot.Metadata.Title),
            Description = CleanOrNull(snapshot.Metadata.Description),
            Publisher = CleanOrNull(snapshot.Metadata.Publisher),
            Owner = CleanOrNull(snapshot.Metadata.Owner),
            UpdateCycle = CleanOrNull(snapshot.Metadata.UpdateCycle),
            Licence = CleanOrNull(snapshot.Metadata.Licence),
            Theme = CleanOrNull(snapshot.Metadata.Theme),
            ContactPoint = CleanOrNull(snapshot.Metadata.ContactPoint),
            Keywords = snapshot.Metadata.Keywords.Select(Clean).ToList(),
            LandingPage = CleanOrNull(snapshot.Metadata.LandingPage),
            Distributions = snapshot.Metadata.Distributions
                .Select(d => d with { Format = CleanOrNull(d.Format), Url = CleanOrNull(d.Url), Title = CleanOrNull(d.Title), MediaType = CleanOrNull(d.MediaType) }).ToList(),
        },
        // Stored as jsonb, which refuses \u0000 as text columns refuse NUL.
        FileRead = snapshot.FileRead is not { } read ? null : read with
        {
            Encoding = CleanOrNull(read.Encoding),
            Delimiter = CleanOrNull(read.Delimiter),
            Sheet = CleanOrNull(read.Sheet),
            DroppedColumns = read.DroppedColumns.Select(Clean).ToList(),
        },
    };

    private static ColumnProfile Clean(ColumnProfile profile) => profile with
    {
        Column = Clean(profile.Column),
        Min = CleanOrNull(profile.Min),
        Max = CleanOrNull(profile.Max),
        TopValues = profile.TopValues.Select(v => v with { Value = Clean(v.Value) }).ToList(),
        Patterns = profile.Patterns.Select(v => v with { Value = Clean(v.Value) }).ToList(),
    };

    private static int IndexOfBad(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return i;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }
}
