using System.Text;
using System.Text.Json;

namespace DataCatalog.Persistence.Reports;

/// <summary>
/// A JSON array as one report cell: its elements' text joined with <c>" | "</c>, byte for byte what PostgreSQL's
/// <c>string_agg(x, ' | ' ORDER BY n)</c> over <c>jsonb_array_elements_text</c> gives (strings unescaped, other values as
/// jsonb prints them, JSON nulls left out, nothing for an empty array), done on the client while writing instead of in a
/// subquery per row on the server. Reuses its buffers, so one instance serves one export, not two at once.
/// </summary>
internal sealed class JsonListCell
{
    private const string Separator = " | ";
    private readonly StringBuilder _text = new();
    private byte[] _utf8 = new byte[1024];

    /// <summary>The cell of <paramref name="json"/> (jsonb's text: an array; anything else is its own text).</summary>
    public string Join(string json)
    {
        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, 2 * _utf8.Length)];
        }

        var bytes = _utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, _utf8));
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return json;
        }

        _text.Clear();
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? element;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    // string_agg skips the NULL that jsonb_array_elements_text gives for a JSON null.
                    reader.Skip();
                    continue;
                case JsonTokenType.String:
                    element = reader.GetString();
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    // A nested value as jsonb prints it: the same bytes as in the array's own text.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    element = Encoding.UTF8.GetString(bytes[start..((int)reader.TokenStartIndex + 1)]);
                    break;
                default:
                    element = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
            }

            if (any)
            {
                _text.Append(Separator);
            }

            _text.Append(element);
            any = true;
        }

        return any ? _text.ToString() : "";
    }
}
