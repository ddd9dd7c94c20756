namespace DataCatalog.Persistence.Model;

/// <summary>One import of standard dictionary files: a base edition of the common standard (<c>2024-11</c>) or a city
/// extension layered over one. Its rows never change; a new import is a new edition.</summary>
public sealed class StandardEdition
{
    public int Id { get; set; }
    /// <summary>Unique name: the edition month for a base edition (<c>2024-11</c>), the city's name for an extension.</summary>
    public required string Name { get; set; }
    public StandardEditionKind Kind { get; set; }
    /// <summary>For an extension, the base edition it extends (the latest base when it was imported).</summary>
    public int? BaseEditionId { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>File names, comma-separated, as they were imported.</summary>
    public required string SourceFiles { get; set; }
    /// <summary>SHA-256 over the imported files' bytes in the order words, terms, domains; the same files give the same hash.</summary>
    public required string Sha256 { get; set; }
    public List<StandardEditionFile> Files { get; set; } = [];
    public int Words { get; set; }
    public int Terms { get; set; }
    public int Domains { get; set; }
    public int RetiredRows { get; set; }
}

/// <summary>Whether an edition is the common standard itself or a city's own words and terms.</summary>
public enum StandardEditionKind
{
    Base,
    Extension,
}

/// <summary>One file of an edition, with what was read from it.</summary>
public sealed record StandardEditionFile(string FileName, string Dictionary, string Layout, string Encoding, string Sha256, int Rows, int Retired);

/// <summary>A standard word row of one edition.</summary>
public sealed class StandardWordRow
{
    public long Id { get; set; }
    public int EditionId { get; set; }
    public int Line { get; set; }
    public required string Name { get; set; }
    public required string Abbreviation { get; set; }
    public string? EnglishName { get; set; }
    public string? Description { get; set; }
    public bool IsClassWord { get; set; }
    public string? DomainClass { get; set; }
    public List<string> Synonyms { get; set; } = [];
    public List<string> ForbiddenWords { get; set; } = [];
    public string? Enacted { get; set; }
    public bool Retired { get; set; }
}

/// <summary>A standard term row of one edition.</summary>
public sealed class StandardTermRow
{
    public long Id { get; set; }
    public int EditionId { get; set; }
    public int Line { get; set; }
    public required string Name { get; set; }
    public required string Abbreviation { get; set; }
    public string? Description { get; set; }
    public string? DomainName { get; set; }
    public string? AllowedValues { get; set; }
    public string? StorageFormat { get; set; }
    public string? DisplayFormat { get; set; }
    public string? AdministrativeCode { get; set; }
    public string? Authority { get; set; }
    public List<string> Synonyms { get; set; } = [];
    public string? Enacted { get; set; }
    public bool Retired { get; set; }
}

/// <summary>A standard domain row of one edition.</summary>
public sealed class StandardDomainRow
{
    public long Id { get; set; }
    public int EditionId { get; set; }
    public int Line { get; set; }
    public required string Name { get; set; }
    public string Group { get; set; } = "";
    public string Class { get; set; } = "";
    public string? Description { get; set; }
    public required string DataType { get; set; }
    public int? Length { get; set; }
    public int? Scale { get; set; }
    public string? StorageFormat { get; set; }
    public string? DisplayFormat { get; set; }
    public string? Unit { get; set; }
    public string? AllowedValues { get; set; }
    public string? Enacted { get; set; }
    public bool Retired { get; set; }
}
