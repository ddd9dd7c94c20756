using System.Globalization;
using System.Text.RegularExpressions;

namespace DataCatalog.Core.Standards;

/// <summary>The published layout a dictionary file follows.</summary>
public enum StandardFileLayout
{
    /// <summary>The 2024-11 (7th) workbook: starts with <c>번호,제정차수(제정연월),…</c>.</summary>
    Seventh,
    /// <summary>The 2025-11 (8th) CSVs: no <c>번호</c>; ends with <c>제정차수, 개정구분명(폐기 또는 변경), 개정항목, 개정사유</c>.</summary>
    Eighth,
}

/// <summary>A row (or the header) that cannot be read, with where it is and how to fix it.</summary>
/// <param name="Column">The header name of the offending column, null when the whole row is wrong.</param>
public sealed record StandardParseError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"line {Line}: {Message}" : $"line {Line}, column '{Column}': {Message}";
}

/// <summary>What a dictionary file held: which dictionary, in which layout, its rows, or every bad row.</summary>
public sealed record StandardDictionaryParse(
    StandardDictionaryKind? Kind,
    StandardFileLayout? Layout,
    IReadOnlyList<StandardWord> Words,
    IReadOnlyList<StandardTerm> Terms,
    IReadOnlyList<StandardDomain> Domains,
    IReadOnlyList<StandardParseError> Errors)
{
    /// <summary>True when the file was recognised and every row was read; a file with any error must change nothing.</summary>
    public bool Succeeded => Errors.Count == 0 && Kind is not null;

    public int Rows => Words.Count + Terms.Count + Domains.Count;

    public int Retired => Words.Count(w => w.Retired) + Terms.Count(t => t.Retired) + Domains.Count(d => d.Retired);

    /// <summary>The rows as a dictionary holding only this file's kind.</summary>
    public StandardDictionary ToDictionary() => new(Words, Terms, Domains);
}

/// <summary>Reads the government's published CSV layouts of the common standard (7th and 8th edition), mapping
/// columns by header name, whichever order they come in.</summary>
public static partial class StandardDictionaryParser
{
    private const string No = "번호";
    private const string Enacted = "제정차수";
    private const string Revision = "개정구분명";

    private const string WordName = "공통표준단어명";
    private const string WordAbbreviation = "공통표준단어영문약어명";
    private const string WordEnglish = "공통표준단어영문명";
    private const string WordDescription = "공통표준단어설명";
    private const string ClassWord = "형식단어여부";
    private const string DomainClass = "공통표준도메인분류명";
    private const string Synonyms = "이음동의어목록";
    private const string Forbidden = "금칙어목록";

    private const string TermName = "공통표준용어명";
    private const string TermDescription = "공통표준용어설명";
    private const string TermAbbreviation = "공통표준용어영문약어명";
    private const string DomainName = "공통표준도메인명";
    private const string AllowedValues = "허용값";
    private const string StorageFormat = "저장형식";
    private const string DisplayFormat = "표현형식";
    private const string AdministrativeCode = "행정표준코드명";
    private const string Authority = "소관기관명";
    private const string TermSynonyms = "용어이음동의어목록";

    private const string DomainGroup = "공통표준도메인그룹명";
    private const string DomainDescription = "공통표준도메인설명";
    private const string DataType = "데이터타입";
    private const string DataLength = "데이터길이";
    private const string DataScale = "데이터소수점길이";
    private const string Unit = "단위";

    private static readonly Dictionary<StandardDictionaryKind, string[]> Required = new()
    {
        [StandardDictionaryKind.Words] = [WordName, WordAbbreviation, ClassWord],
        [StandardDictionaryKind.Terms] = [TermName, TermAbbreviation, DomainName],
        [StandardDictionaryKind.Domains] = [DomainName, DataType, DataLength],
    };

    private static readonly string[] KnownTypes = ["CHAR", "VARCHAR", "NUMERIC", "DATETIME", "DATE", "TIMESTAMP"];

    /// <summary>Parses one dictionary file. Which dictionary it is comes from its header.</summary>
    public static StandardDictionaryParse Parse(TextReader text)
    {
        var errors = new List<StandardParseError>();
        using var records = new CsvRecordReader(text).ReadAll().GetEnumerator();
        if (!records.MoveNext())
        {
            return Fail(new StandardParseError(1, null, "the file is empty; expected a header such as 번호,제정차수(제정연월),공통표준단어명,… of a common-standard dictionary"));
        }

        var header = records.Current.Fields.Select((name, i) => (Key: NormaliseHeader(i == 0 ? name.TrimStart('\uFEFF') : name), Raw: name.Trim())).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i].Key, i);
        }

        StandardDictionaryKind? kind = columns.ContainsKey(TermName) ? StandardDictionaryKind.Terms
            : columns.ContainsKey(WordName) ? StandardDictionaryKind.Words
            : columns.ContainsKey(DataType) && columns.ContainsKey(DomainName) ? StandardDictionaryKind.Domains
            : null;
        if (kind is null)
        {
            return Fail(new StandardParseError(1, null,
                $"the header ({string.Join(",", header.Select(h => h.Raw))}) is not a common-standard dictionary; it needs 공통표준단어명 (words), 공통표준용어명 (terms) or 공통표준도메인명 with 데이터타입 (domains)"));
        }

        var missing = Required[kind.Value].Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return Fail(new StandardParseError(1, null,
                $"the {Describe(kind.Value)} header lacks {string.Join(", ", missing)}; add the column (by that name) or use the file as published"));
        }

        var layout = columns.ContainsKey(No) ? StandardFileLayout.Seventh : StandardFileLayout.Eighth;
        var words = new List<StandardWord>();
        var terms = new List<StandardTerm>();
        var domains = new List<StandardDomain>();
        var activeNames = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.UnclosedQuote)
            {
                errors.Add(new StandardParseError(record.Line, null, "a quoted cell is never closed; close the quote (a quote inside a cell is written \"\")"));
                break;
            }

            if (record.Fields.Count != header.Count)
            {
                errors.Add(new StandardParseError(record.Line, null,
                    $"the row has {record.Fields.Count} cells, the header {header.Count}; quote a cell that holds a comma or a line break"));
                continue;
            }

            var row = new Row(record, columns, header, errors);
            var retired = row.Text(No) == "-" && layout == StandardFileLayout.Seventh
                          || (row.Text(Enacted) ?? "").Replace(" ", "", StringComparison.Ordinal).Contains("(폐기)", StringComparison.Ordinal)
                          || row.Text(Revision) == "폐기";
            var before = errors.Count;
            string? name = null;
            switch (kind.Value)
            {
                case StandardDictionaryKind.Words:
                    name = row.Required(WordName, "the Korean word");
                    var abbreviation = row.Required(WordAbbreviation, "the English abbreviation");
                    if (abbreviation is not null && !WordAbbreviationPattern().IsMatch(abbreviation))
                    {
                        row.Error(WordAbbreviation, $"'{abbreviation}' is not an abbreviation; use Latin letters and digits only (such as PKLT)");
                    }

                    var isClass = row.Text(ClassWord);
                    if (isClass is not ("Y" or "N"))
                    {
                        row.Error(ClassWord, $"'{isClass}' is neither Y nor N; write Y for a class word (형식단어), else N");
                    }

                    if (errors.Count == before)
                    {
                        words.Add(new StandardWord(name!, abbreviation!, row.Text(WordEnglish), row.Text(WordDescription), isClass == "Y",
                            row.Text(DomainClass), List(row.Text(Synonyms)), List(row.Text(Forbidden)), row.Text(Enacted), retired, record.Line));
                    }

                    break;
                case StandardDictionaryKind.Terms:
                    name = row.Required(TermName, "the Korean term");
                    var termAbbreviation = row.Required(TermAbbreviation, "the English abbreviation");
                    if (termAbbreviation is not null && !TermAbbreviationPattern().IsMatch(termAbbreviation))
                    {
                        row.Error(TermAbbreviation, $"'{termAbbreviation}' is not an abbreviation; join word abbreviations with _ (such as PKLT_NM)");
                    }

                    var domain = row.Required(DomainName, "the domain (such as 명V100)");
                    if (errors.Count == before)
                    {
                        terms.Add(new StandardTerm(name!, row.Text(TermDescription), termAbbreviation!, domain, row.Text(AllowedValues),
                            row.Text(StorageFormat), row.Text(DisplayFormat), row.Text(AdministrativeCode), row.Text(Authority),
                            List(row.Text(TermSynonyms)), row.Text(Enacted), retired, record.Line));
                    }

                    break;
                case StandardDictionaryKind.Domains:
                    name = row.Required(DomainName, "the domain name (such as 연월일C8)");
                    var type = row.Required(DataType, "the data type")?.ToUpperInvariant();
                    if (type is not null && !KnownTypes.Contains(type))
                    {
                        row.Error(DataType, $"'{type}' is not a data type of the standard; use one of {string.Join(", ", KnownTypes)}");
                    }

                    var length = row.Number(DataLength, required: type is not ("DATETIME" or "DATE" or "TIMESTAMP"));
                    var scale = row.Number(DataScale, required: false);
                    if (errors.Count == before)
                    {
                        domains.Add(new StandardDomain(row.Text(DomainGroup) ?? "", row.Text(DomainClass) ?? "", name!, row.Text(DomainDescription),
                            type!, length, scale, row.Text(StorageFormat), row.Text(DisplayFormat), row.Text(Unit), row.Text(AllowedValues),
                            row.Text(Enacted), retired, record.Line));
                    }

                    break;
            }

            if (name is not null && !retired && !activeNames.TryAdd(name, record.Line))
            {
                errors.Add(new StandardParseError(record.Line, header[columns[kind == StandardDictionaryKind.Words ? WordName : kind == StandardDictionaryKind.Terms ? TermName : DomainName]].Raw,
                    $"'{name}' is already defined on line {activeNames[name]}; keep one row, or mark the old one retired (폐기)"));
            }
        }

        return new StandardDictionaryParse(kind, layout, words, terms, domains, errors);
    }

    /// <summary>Parses a whole text (already decoded).</summary>
    public static StandardDictionaryParse Parse(string text)
    {
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    /// <summary>The edition month a set of rows was last enacted in (<c>2024-11</c> from <c>7차(2024-11)</c>), null if none says.</summary>
    public static string? LatestEnactment(IEnumerable<string?> enacted) =>
        enacted.Select(e => e is null ? null : EnactedMonth().Match(e)).Where(m => m is { Success: true }).Select(m => m!.Value)
            .DefaultIfEmpty(null).Max(StringComparer.Ordinal);

    private static string Describe(StandardDictionaryKind kind) => kind switch
    {
        StandardDictionaryKind.Words => "words (표준단어)",
        StandardDictionaryKind.Terms => "terms (표준용어)",
        _ => "domains (표준도메인)",
    };

    private static StandardDictionaryParse Fail(StandardParseError error) => new(null, null, [], [], [], [error]);

    /// <summary><c>제정차수(제정연월)</c> and <c>제정차수</c>, <c>저장 형식</c> and <c>저장형식</c> are the same column.</summary>
    private static string NormaliseHeader(string name)
    {
        var compact = string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
        var paren = compact.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? compact[..paren] : compact;
    }

    private static IReadOnlyList<string> List(string? cell) => cell is null
        ? []
        : cell.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s != "-").ToArray();

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex WordAbbreviationPattern();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex TermAbbreviationPattern();

    [GeneratedRegex(@"\d{4}-\d{2}")]
    private static partial Regex EnactedMonth();

    private readonly struct Row(CsvRecord record, Dictionary<string, int> columns, List<(string Key, string Raw)> header, List<StandardParseError> errors)
    {
        /// <summary>The trimmed cell, null when the column is absent, the cell empty or the workbook's <c>-</c> placeholder.</summary>
        public string? Text(string column)
        {
            if (!columns.TryGetValue(column, out var index))
            {
                return null;
            }

            var value = record.Fields[index].Trim();
            return value.Length == 0 || value == "-" ? null : value;
        }

        public string? Required(string column, string what)
        {
            var value = Text(column);
            if (value is null)
            {
                Error(column, $"{what} is empty; fill it in (a dictionary row needs it)");
            }

            return value;
        }

        public int? Number(string column, bool required)
        {
            var value = Text(column);
            if (value is null)
            {
                if (required)
                {
                    Error(column, "the length is empty; write a whole number such as 100");
                }

                return null;
            }

            if (int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && number >= 0)
            {
                return number;
            }

            Error(column, $"'{value}' is not a whole number; write digits such as 100 (thousands separators allowed)");
            return null;
        }

        public void Error(string column, string message) => errors.Add(new StandardParseError(record.Line, header[columns[column]].Raw, message));
    }
}
