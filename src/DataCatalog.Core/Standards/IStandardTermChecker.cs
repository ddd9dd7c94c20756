namespace DataCatalog.Core.Standards;

/// <summary>Judges one column against the common standard (공공데이터 공통표준): words, terms and domains.</summary>
/// <remarks>The seam between the standard dictionaries (which know words, terms and domains) and the rule engine
/// (which turns a judgement into rule results, scores and findings). Implementations are pure and thread-safe.
/// <see cref="StandardTermChecker"/> implements it over one dictionary; in the host, <c>StandardsDictionaryProvider</c>
/// (DataCatalog.Harvesting.Standards, a singleton) returns the one of the active dictionary.</remarks>
public interface IStandardTermChecker
{
    /// <summary>Checks a column's name (Korean or English abbreviation), comment, type and length against the dictionary.</summary>
    StandardTermCheck Check(StandardColumnInput column);
}

/// <summary>What is known of a column when it is judged against the standard.</summary>
/// <param name="Name">Physical column name as the source has it (<c>PRKPLCE_NM</c>, <c>주차장명</c>, <c>prkplce_nm</c>).</param>
/// <param name="Comment">Column comment or description, often the Korean name when the physical name is English.</param>
/// <param name="DataType">Declared type as the source spells it (<c>character varying(100)</c>, <c>char(8)</c>); for files the inferred type.</param>
/// <param name="Length">Declared character length or numeric precision when known.</param>
/// <param name="Scale">Declared numeric scale when known.</param>
/// <param name="InferredType">Type inferred from the values (<c>Date</c>, <c>Integer</c>…); stands in for the physical type of text files.</param>
/// <param name="DominantPattern">Most frequent pattern class of the values (<c>99999999</c>, <c>9999-99-99</c>), when profiled.</param>
public sealed record StandardColumnInput(
    string Name,
    string? Comment = null,
    string? DataType = null,
    int? Length = null,
    int? Scale = null,
    string? InferredType = null,
    string? DominantPattern = null);

/// <summary>How a column stands against the standard.</summary>
public enum StandardConformance
{
    /// <summary>Name, abbreviation, type and length all match a standard term and its domain.</summary>
    Conformant,
    /// <summary>The name matches a standard term but the type, length or format disagrees with its domain.</summary>
    DomainMismatch,
    /// <summary>The name decomposes into standard words but is not a registered term.</summary>
    WordsOnly,
    /// <summary>The name uses words that are not standard (or forbidden words, or synonyms in place of the standard word).</summary>
    NonStandard,
}

/// <summary>The judgement of one column, with what it was measured against and how to fix it.</summary>
/// <param name="MatchedTerm">The standard term the name matches (Korean name), when it matches one.</param>
/// <param name="MatchedAbbreviation">That term's English abbreviation (<c>PRKPLCE_NM</c>).</param>
/// <param name="DomainName">That term's domain (<c>연월일C8</c>).</param>
/// <param name="ExpectedType">The domain's type and length as SQL would say it (<c>CHAR(8)</c>), when a term matched.</param>
/// <param name="Words">The standard words the name decomposes into, in order; unknown parts are kept as they are and listed in <paramref name="UnknownWords"/>.</param>
/// <param name="Problems">Each disagreement in one sentence naming expected and found (<c>type VARCHAR(10), expected CHAR(8) for 연월일C8</c>).</param>
/// <param name="Suggestions">Ranked standard terms a non-standard name should be renamed to, best first.</param>
public sealed record StandardTermCheck(
    StandardConformance Conformance,
    string? MatchedTerm,
    string? MatchedAbbreviation,
    string? DomainName,
    string? ExpectedType,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> UnknownWords,
    IReadOnlyList<string> Problems,
    IReadOnlyList<StandardTermSuggestion> Suggestions)
{
    /// <summary>The English abbreviation the name's words compose (<c>PKLT_NM</c>): the matched term's, or the words'
    /// abbreviations joined with <c>_</c> when every part is a known word; null otherwise.</summary>
    public string? ComposedAbbreviation { get; init; }
}

/// <summary>A standard term proposed for a non-standard column name, with why it was proposed.</summary>
/// <param name="Score">Similarity 0..1, higher is better.</param>
public sealed record StandardTermSuggestion(string Term, string Abbreviation, string? DomainName, double Score, string Reason);

/// <summary>Where the active dictionary's checker comes from when it lives in the catalog database (imported editions).</summary>
public interface IStandardTermCheckerSource
{
    /// <summary>The checker of the active dictionary, or null while no edition has been imported (standardization is then
    /// skipped with that reason rather than judged against an empty dictionary).</summary>
    Task<IStandardTermChecker?> GetCheckerOrNullAsync(CancellationToken cancellationToken);
}
