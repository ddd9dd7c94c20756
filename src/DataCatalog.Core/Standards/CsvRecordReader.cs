using System.Text;

namespace DataCatalog.Core.Standards;

/// <summary>One CSV record and the line it starts on.</summary>
internal readonly record struct CsvRecord(int Line, IReadOnlyList<string> Fields, bool UnclosedQuote);

/// <summary>Reads RFC 4180 records (quoted fields may hold commas, quotes and line breaks) and keeps each record's
/// starting line, so a bad row can be named by the line a user sees in an editor.</summary>
/// <remarks>Core does no I/O: the caller opens the file and decides its encoding; this reads an already decoded text.</remarks>
internal sealed class CsvRecordReader(TextReader reader)
{
    private int _line = 1;

    public IEnumerable<CsvRecord> ReadAll()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            var start = _line;
            fields.Clear();
            field.Clear();
            var c = reader.Read();
            if (c == -1)
            {
                yield break;
            }

            var inQuotes = false;
            var quoted = false;
            while (true)
            {
                if (c == -1)
                {
                    fields.Add(field.ToString());
                    yield return new CsvRecord(start, [.. fields], inQuotes);
                    yield break;
                }

                var ch = (char)c;
                if (inQuotes)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        if (ch == '\n')
                        {
                            _line++;
                        }

                        field.Append(ch);
                    }
                }
                else if (ch == '"' && field.Length == 0 && !quoted)
                {
                    inQuotes = true;
                    quoted = true;
                }
                else if (ch == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    quoted = false;
                }
                else if (ch is '\r' or '\n')
                {
                    if (ch == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    _line++;
                    fields.Add(field.ToString());
                    break;
                }
                else
                {
                    field.Append(ch);
                }

                c = reader.Read();
            }

            // A blank line between records is not a record.
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            yield return new CsvRecord(start, [.. fields], false);
        }
    }
}
