namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Picks a delimited file's field separator from the first records of its text.</summary>
public static class DelimiterDetector
{
    /// <summary>Candidates in order of preference when two fit equally well.</summary>
    public static IReadOnlyList<char> Candidates { get; } = [',', '\t', ';', '|'];

    private const int MaxRecords = 50;

    /// <summary>Chooses the candidate that splits the sample's records into the same number of fields most consistently.</summary>
    /// <param name="sample">The head of the file as text.</param>
    /// <param name="isWholeFile">False when the sample is cut from a longer file; its last, possibly partial record is ignored.</param>
    /// <returns>The delimiter; a comma when no candidate yields more than one field.</returns>
    public static char Detect(string sample, bool isWholeFile)
    {
        var best = ',';
        var bestScore = (Consistency: 0d, Fields: 1);
        foreach (var candidate in Candidates)
        {
            var counts = FieldCounts(sample, candidate, isWholeFile);
            if (counts.Count == 0)
            {
                continue;
            }

            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (mode.Key < 2)
            {
                continue;
            }

            var score = (Consistency: (double)mode.Count() / counts.Count, Fields: mode.Key);
            if (score.Consistency > bestScore.Consistency
                || (score.Consistency.Equals(bestScore.Consistency) && score.Fields > bestScore.Fields))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Field count of each record in the sample under RFC 4180 quoting (quoted delimiters and newlines, doubled quotes).</summary>
    private static List<int> FieldCounts(string sample, char delimiter, bool isWholeFile)
    {
        var counts = new List<int>();
        var fields = 1;
        var inQuotes = false;
        var recordHasContent = false;
        for (var i = 0; i < sample.Length && counts.Count < MaxRecords; i++)
        {
            var c = sample[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < sample.Length && sample[i + 1] == '"')
                    {
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }

                continue;
            }

            if (c == '"')
            {
                inQuotes = true;
                recordHasContent = true;
            }
            else if (c == delimiter)
            {
                fields++;
                recordHasContent = true;
            }
            else if (c is '\n' or '\r')
            {
                if (recordHasContent)
                {
                    counts.Add(fields);
                }

                fields = 1;
                recordHasContent = false;
            }
            else
            {
                recordHasContent = true;
            }
        }

        if (isWholeFile && recordHasContent && counts.Count < MaxRecords)
        {
            counts.Add(fields);
        }

        return counts;
    }
}
