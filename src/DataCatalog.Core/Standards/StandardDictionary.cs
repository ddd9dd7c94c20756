namespace DataCatalog.Core.Standards;

/// <summary>The three dictionaries of the common standard.</summary>
public enum StandardDictionaryKind
{
    Words,
    Terms,
    Domains,
}

/// <summary>A standard word (표준단어): the building block of term names, with its abbreviation, synonyms and forbidden words.</summary>
/// <param name="IsClassWord">A class word (형식단어) may end a term and decides its domain (명, 코드, 일자, 여부…).</param>
/// <param name="DomainClass">The domain class a class word leads to (<c>연월일</c> for 일자), null for other words.</param>
/// <param name="Synonyms">Words of the same meaning (이음동의어) that should be written as this word.</param>
/// <param name="ForbiddenWords">Words (금칙어) that must be replaced by this word.</param>
/// <param name="Enacted">The edition text that enacted the row (<c>6차(2023-11)</c>).</param>
/// <param name="Retired">Retired (폐기) rows are kept for history and never matched.</param>
/// <param name="Line">Line of the row in the file it was read from.</param>
public sealed record StandardWord(
    string Name,
    string Abbreviation,
    string? EnglishName,
    string? Description,
    bool IsClassWord,
    string? DomainClass,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<string> ForbiddenWords,
    string? Enacted,
    bool Retired,
    int Line = 0);

/// <summary>A standard term (표준용어): a column name built from standard words, with its abbreviation and domain.</summary>
public sealed record StandardTerm(
    string Name,
    string? Description,
    string Abbreviation,
    string? DomainName,
    string? AllowedValues,
    string? StorageFormat,
    string? DisplayFormat,
    string? AdministrativeCode,
    string? Authority,
    IReadOnlyList<string> Synonyms,
    string? Enacted,
    bool Retired,
    int Line = 0);

/// <summary>A standard domain (표준도메인): the type, length and format a term's values take (<c>연월일C8</c> = CHAR(8) YYYYMMDD).</summary>
/// <param name="DataType">As the standard spells it: CHAR, VARCHAR, NUMERIC or DATETIME.</param>
public sealed record StandardDomain(
    string Group,
    string Class,
    string Name,
    string? Description,
    string DataType,
    int? Length,
    int? Scale,
    string? StorageFormat,
    string? DisplayFormat,
    string? Unit,
    string? AllowedValues,
    string? Enacted,
    bool Retired,
    int Line = 0)
{
    /// <summary>The domain's type as SQL says it: <c>CHAR(8)</c>, <c>VARCHAR(300)</c>, <c>NUMERIC(22,2)</c>, <c>TIMESTAMP</c>.</summary>
    public string SqlType => DataType.ToUpperInvariant() switch
    {
        "DATETIME" => "TIMESTAMP",
        var type when Length is null => type,
        var type when Scale is > 0 => $"{type}({Length},{Scale})",
        var type => $"{type}({Length})",
    };
}

/// <summary>A set of words, terms and domains: one edition, or the active dictionary (a base edition with its city extensions).</summary>
public sealed record StandardDictionary(
    IReadOnlyList<StandardWord> Words,
    IReadOnlyList<StandardTerm> Terms,
    IReadOnlyList<StandardDomain> Domains)
{
    public static StandardDictionary Empty { get; } = new([], [], []);

    /// <summary>This dictionary with <paramref name="extension"/> laid over it: an extension row replaces a row of the same
    /// name (so a city may also retire or redefine one) and adds the rest.</summary>
    public StandardDictionary Layer(StandardDictionary extension) => new(
        LayerRows(Words, extension.Words, w => w.Name),
        LayerRows(Terms, extension.Terms, t => t.Name),
        LayerRows(Domains, extension.Domains, d => d.Name));

    private static List<T> LayerRows<T>(IReadOnlyList<T> rows, IReadOnlyList<T> over, Func<T, string> name)
    {
        if (over.Count == 0)
        {
            return [.. rows];
        }

        var replaced = over.Select(name).ToHashSet(StringComparer.Ordinal);
        return [.. rows.Where(r => !replaced.Contains(name(r))), .. over];
    }
}
