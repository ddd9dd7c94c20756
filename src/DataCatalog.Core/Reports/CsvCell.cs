namespace DataCatalog.Core.Reports;

/// <summary>Guards report cells against CSV injection (OWASP): a spreadsheet must never read a cell as a formula.</summary>
public static class CsvCell
{
    /// <summary>The characters that make Excel, LibreOffice or Sheets start a formula or a DDE call at the start of a cell.</summary>
    public static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r', '\n'];

    /// <summary>
    /// The text with a leading apostrophe when it starts with a trigger (OWASP's advice); other text unchanged.
    /// Numbers are not text: the writer formats them itself and never passes them through here, so <c>-1.5</c> stays a number.
    /// </summary>
    public static string Neutralise(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Array.IndexOf(Triggers, text[0]) >= 0 ? "'" + text : text;

    /// <summary>The original text of a cell written by <see cref="Neutralise"/> (for a reader that wants the value back).</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && Array.IndexOf(Triggers, cell[1]) >= 0 ? cell[1..] : cell;
}
