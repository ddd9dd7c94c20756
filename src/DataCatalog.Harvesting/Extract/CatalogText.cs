namespace DataCatalog.Harvesting.Extract;

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
    public static ExtractedDataset Clean(ExtractedDataset dataset) => Map(dataset, Clean);

    /// <summary>The dataset with <paramref name="clean"/> applied to every string it carries: the one walk over a
    /// dataset's text, whichever rule a caller cleans it by (the publisher replaces, the file-drop reader removes).</summary>
    internal static ExtractedDataset Map(ExtractedDataset dataset, Func<string, string> clean)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        string? OrNull(string? text) => text is null ? null : clean(text);
        return dataset with
        {
            QualifiedName = clean(dataset.QualifiedName),
            Snapshot = dataset.Snapshot is not { } snapshot ? null : snapshot with
            {
                QualifiedName = clean(snapshot.QualifiedName),
                Columns = snapshot.Columns.Select(c => c with
                {
                    Name = clean(c.Name),
                    DataType = clean(c.DataType),
                    Description = OrNull(c.Description),
                    DefaultValue = OrNull(c.DefaultValue),
                    References = OrNull(c.References),
                }).ToList(),
                Metadata = snapshot.Metadata with
                {
                    Title = OrNull(snapshot.Metadata.Title),
                    Description = OrNull(snapshot.Metadata.Description),
                    Publisher = OrNull(snapshot.Metadata.Publisher),
                    Owner = OrNull(snapshot.Metadata.Owner),
                    UpdateCycle = OrNull(snapshot.Metadata.UpdateCycle),
                    Licence = OrNull(snapshot.Metadata.Licence),
                    Theme = OrNull(snapshot.Metadata.Theme),
                    ContactPoint = OrNull(snapshot.Metadata.ContactPoint),
                    Keywords = snapshot.Metadata.Keywords.Select(clean).ToList(),
                    LandingPage = OrNull(snapshot.Metadata.LandingPage),
                    Distributions = snapshot.Metadata.Distributions
                        .Select(d => d with { Format = OrNull(d.Format), Url = OrNull(d.Url), Title = OrNull(d.Title), MediaType = OrNull(d.MediaType) }).ToList(),
                },
                // Stored as jsonb, which refuses \u0000 as text columns refuse NUL.
                FileRead = snapshot.FileRead is not { } read ? null : read with
                {
                    Encoding = OrNull(read.Encoding),
                    Delimiter = OrNull(read.Delimiter),
                    Sheet = OrNull(read.Sheet),
                    DroppedColumns = read.DroppedColumns.Select(clean).ToList(),
                },
            },
            Profiles = dataset.Profiles.Select(p => p with
            {
                Column = clean(p.Column),
                Min = OrNull(p.Min),
                Max = OrNull(p.Max),
                TopValues = p.TopValues.Select(v => v with { Value = clean(v.Value) }).ToList(),
                Patterns = p.Patterns.Select(v => v with { Value = clean(v.Value) }).ToList(),
                PiiEvidence = p.PiiEvidence is not { } e ? null : e with { NameCue = OrNull(e.NameCue), Decision = clean(e.Decision) },
            }).ToList(),
            Error = OrNull(dataset.Error),
            Warnings = dataset.Warnings?.Select(clean).ToList(),
        };
    }

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
