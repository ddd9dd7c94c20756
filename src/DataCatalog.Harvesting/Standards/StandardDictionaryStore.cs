using System.Security.Cryptography;
using System.Text;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Standards;

/// <summary>The outcome of an import: the edition written (or already there), or every error, with nothing written.</summary>
public sealed record StandardImportResult(StandardEdition? Edition, bool AlreadyImported, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>The differences between two editions, over the dictionaries both hold.</summary>
public sealed record StandardEditionDiff(IReadOnlyList<StandardDictionaryKind> Compared, IReadOnlyList<StandardRowDifference> Rows);

/// <summary>Imports, lists, loads and compares standard dictionary editions in the catalog database.</summary>
public sealed class StandardDictionaryStore(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock)
{
    /// <summary>Raised after an edition is written, so a cached dictionary reloads.</summary>
    public event Action? EditionImported;

    /// <summary>Reads <paramref name="paths"/> (one file per dictionary) and writes them as one new edition in one
    /// transaction; a file with any bad row writes nothing.</summary>
    /// <param name="editionName">The edition's name; by default the latest enactment month in the files (<c>2024-11</c>).</param>
    /// <param name="extension">A city extension layered over the latest base edition, instead of a base edition.</param>
    public async Task<StandardImportResult> ImportAsync(IReadOnlyList<string> paths, string? editionName, bool extension, CancellationToken cancellationToken)
    {
        var files = new List<StandardDictionaryFileRead>();
        foreach (var path in paths)
        {
            files.Add(await StandardDictionaryFile.ReadAsync(path, cancellationToken));
        }

        return await ImportAsync(files, editionName, extension, cancellationToken);
    }

    /// <summary>Writes already read files as one new edition (see the other overload).</summary>
    public async Task<StandardImportResult> ImportAsync(IReadOnlyList<StandardDictionaryFileRead> files, string? editionName, bool extension, CancellationToken cancellationToken)
    {
        var errors = files.SelectMany(f => f.Errors).ToList();
        foreach (var twice in files.Where(f => f.Parse.Kind is not null).GroupBy(f => f.Parse.Kind).Where(g => g.Count() > 1))
        {
            errors.Add($"{string.Join(" and ", twice.Select(f => f.FileName))} are both {twice.Key} files; import one file per dictionary");
        }

        if (files.Count == 0)
        {
            errors.Add("no file given; name the words, terms and/or domains CSV files to import");
        }

        if (errors.Count > 0)
        {
            return new StandardImportResult(null, false, errors);
        }

        var ordered = files.OrderBy(f => f.Parse.Kind).ToList();
        var dictionary = ordered.Select(f => f.Parse.ToDictionary()).Aggregate(StandardDictionary.Empty, (a, b) => new StandardDictionary(
            [.. a.Words, .. b.Words], [.. a.Terms, .. b.Terms], [.. a.Domains, .. b.Domains]));
        var name = editionName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            var month = StandardDictionaryParser.LatestEnactment(
                dictionary.Words.Select(w => w.Enacted).Concat(dictionary.Terms.Select(t => t.Enacted)).Concat(dictionary.Domains.Select(d => d.Enacted)));
            name = extension || month is null ? System.IO.Path.GetFileNameWithoutExtension(ordered[0].FileName) : month;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var kind = extension ? StandardEditionKind.Extension : StandardEditionKind.Base;
        var edition = await db.StandardEditions.SingleOrDefaultAsync(e => e.Name == name, cancellationToken);
        if (edition is not null)
        {
            if (ordered.All(f => edition.Files.Any(e => e.Sha256 == f.Sha256)))
            {
                return new StandardImportResult(edition, true, []);
            }

            // An edition published as three files is imported file by file: a dictionary the edition lacks may be added,
            // but a dictionary it has is never changed.
            var held = ordered.Where(f => edition.Files.Any(e => e.Dictionary == Dictionary(f))).Select(Dictionary).ToList();
            if (held.Count > 0 || edition.Kind != kind)
            {
                return new StandardImportResult(null, false, [edition.Kind != kind
                    ? $"edition '{name}' is a {edition.Kind.ToString().ToLowerInvariant()} edition; import under another name with --edition <name>"
                    : $"edition '{name}' already has its {string.Join(", ", held)}; an edition never changes, so import these under a new name with --edition <name>"]);
            }
        }

        int? baseId = null;
        if (extension)
        {
            baseId = edition?.BaseEditionId ?? await db.StandardEditions.Where(e => e.Kind == StandardEditionKind.Base).OrderByDescending(e => e.Id)
                .Select(e => (int?)e.Id).FirstOrDefaultAsync(cancellationToken);
            if (baseId is null)
            {
                return new StandardImportResult(null, false, ["there is no base edition to extend; import the common standard first (without --extension)"]);
            }
        }

        var newFiles = ordered.Select(f => new StandardEditionFile(f.FileName, Dictionary(f), f.Parse.Layout!.Value.ToString().ToLowerInvariant(), f.Encoding,
            f.Sha256, f.Parse.Rows, f.Parse.Retired));
        if (edition is null)
        {
            edition = new StandardEdition { Name = name, Kind = kind, BaseEditionId = baseId, SourceFiles = "", Sha256 = "" };
            db.StandardEditions.Add(edition);
        }

        edition.ImportedAt = clock.GetUtcNow();
        edition.Files = [.. edition.Files.Concat(newFiles).OrderBy(f => Enum.Parse<StandardDictionaryKind>(f.Dictionary, ignoreCase: true))];
        edition.SourceFiles = string.Join(", ", edition.Files.Select(f => f.FileName));
        edition.Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", edition.Files.Select(f => f.Sha256)))));
        edition.Words += dictionary.Words.Count;
        edition.Terms += dictionary.Terms.Count;
        edition.Domains += dictionary.Domains.Count;
        edition.RetiredRows += ordered.Sum(f => f.Parse.Retired);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.StandardWords.AddRange(dictionary.Words.Select(w => new StandardWordRow
        {
            EditionId = edition.Id, Line = w.Line, Name = w.Name, Abbreviation = w.Abbreviation, EnglishName = w.EnglishName, Description = w.Description,
            IsClassWord = w.IsClassWord, DomainClass = w.DomainClass, Synonyms = [.. w.Synonyms], ForbiddenWords = [.. w.ForbiddenWords],
            Enacted = w.Enacted, Retired = w.Retired,
        }));
        db.StandardTerms.AddRange(dictionary.Terms.Select(t => new StandardTermRow
        {
            EditionId = edition.Id, Line = t.Line, Name = t.Name, Abbreviation = t.Abbreviation, Description = t.Description, DomainName = t.DomainName,
            AllowedValues = t.AllowedValues, StorageFormat = t.StorageFormat, DisplayFormat = t.DisplayFormat, AdministrativeCode = t.AdministrativeCode,
            Authority = t.Authority, Synonyms = [.. t.Synonyms], Enacted = t.Enacted, Retired = t.Retired,
        }));
        db.StandardDomains.AddRange(dictionary.Domains.Select(d => new StandardDomainRow
        {
            EditionId = edition.Id, Line = d.Line, Name = d.Name, Group = d.Group, Class = d.Class, Description = d.Description, DataType = d.DataType,
            Length = d.Length, Scale = d.Scale, StorageFormat = d.StorageFormat, DisplayFormat = d.DisplayFormat, Unit = d.Unit,
            AllowedValues = d.AllowedValues, Enacted = d.Enacted, Retired = d.Retired,
        }));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        EditionImported?.Invoke();
        return new StandardImportResult(edition, false, []);
    }

    private static string Dictionary(StandardDictionaryFileRead file) => file.Parse.Kind!.Value.ToString().ToLowerInvariant();

    /// <summary>Every edition, oldest first.</summary>
    public async Task<IReadOnlyList<StandardEdition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StandardEditions.AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The rows of one edition by name, null if there is none of that name.</summary>
    public async Task<StandardDictionary?> LoadEditionAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.StandardEditions.Where(e => e.Name == name).Select(e => (int?)e.Id).SingleOrDefaultAsync(cancellationToken);
        return id is null ? null : await LoadAsync(db, id.Value, cancellationToken);
    }

    /// <summary>The active dictionary: the latest base edition (each dictionary from the latest base edition that has it) with
    /// the extensions imported over it, in import order;
    /// <see cref="StandardDictionary.Empty"/> when nothing was imported. <c>Version</c> is the newest edition's id.</summary>
    public async Task<(StandardDictionary Dictionary, int Version)> LoadActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var version = await LatestVersionAsync(db, cancellationToken);
        var bases = await db.StandardEditions.AsNoTracking().Where(e => e.Kind == StandardEditionKind.Base).OrderByDescending(e => e.Id).ToListAsync(cancellationToken);
        if (bases.Count == 0)
        {
            return (StandardDictionary.Empty, version);
        }

        // Each dictionary comes from the latest base edition that has it, so importing a new edition's terms alone does
        // not leave the checker without words.
        var baseId = bases[0].Id;
        var wordsFrom = bases.FirstOrDefault(e => e.Words > 0)?.Id;
        var termsFrom = bases.FirstOrDefault(e => e.Terms > 0)?.Id;
        var domainsFrom = bases.FirstOrDefault(e => e.Domains > 0)?.Id;
        var loaded = new Dictionary<int, StandardDictionary>();
        async Task<StandardDictionary> Edition(int? id) =>
            id is null ? StandardDictionary.Empty : loaded.TryGetValue(id.Value, out var d) ? d : loaded[id.Value] = await LoadAsync(db, id.Value, cancellationToken);
        var dictionary = new StandardDictionary(
            (await Edition(wordsFrom)).Words, (await Edition(termsFrom)).Terms, (await Edition(domainsFrom)).Domains);
        var extensions = await db.StandardEditions.Where(e => e.BaseEditionId == baseId).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(cancellationToken);
        foreach (var extension in extensions)
        {
            dictionary = dictionary.Layer(await LoadAsync(db, extension, cancellationToken));
        }

        return (dictionary, version);
    }

    /// <summary>The newest edition's id (0 when none): a cache of the active dictionary is current while this is unchanged.</summary>
    public async Task<int> LatestVersionAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LatestVersionAsync(db, cancellationToken);
    }

    /// <summary>Rows added, retired, removed and changed from edition <paramref name="from"/> to <paramref name="to"/>, for
    /// the dictionaries both editions hold (an edition of terms alone is not compared on words); an extension compared
    /// with a base edition is laid over it first, so the diff shows what the city adds and redefines. Null when either
    /// edition does not exist.</summary>
    public async Task<StandardEditionDiff?> DiffAsync(string from, string to, CancellationToken cancellationToken)
    {
        var before = await LoadEditionAsync(from, cancellationToken);
        var after = await LoadEditionAsync(to, cancellationToken);
        if (before is null || after is null)
        {
            return null;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // An extension holds only the city's rows: what it changes is seen by laying it over the edition it is compared with.
            var kinds = await db.StandardEditions.Where(e => e.Name == from || e.Name == to).ToDictionaryAsync(e => e.Name, e => e.Kind, cancellationToken);
            if (kinds[to] == StandardEditionKind.Extension && kinds[from] == StandardEditionKind.Base)
            {
                after = before.Layer(after);
            }
        }

        var words = before.Words.Count > 0 && after.Words.Count > 0;
        var terms = before.Terms.Count > 0 && after.Terms.Count > 0;
        var domains = before.Domains.Count > 0 && after.Domains.Count > 0;
        StandardDictionary Held(StandardDictionary d) => new(words ? d.Words : [], terms ? d.Terms : [], domains ? d.Domains : []);
        var compared = new[] { (words, StandardDictionaryKind.Words), (terms, StandardDictionaryKind.Terms), (domains, StandardDictionaryKind.Domains) }
            .Where(p => p.Item1).Select(p => p.Item2).ToList();
        return new StandardEditionDiff(compared, StandardDictionaryDiff.Compare(Held(before), Held(after)));
    }

    private static async Task<int> LatestVersionAsync(CatalogDbContext db, CancellationToken cancellationToken) =>
        await db.StandardEditions.MaxAsync(e => (int?)e.Id, cancellationToken) ?? 0;

    private static async Task<StandardDictionary> LoadAsync(CatalogDbContext db, int editionId, CancellationToken cancellationToken)
    {
        var words = await db.StandardWords.AsNoTracking().Where(w => w.EditionId == editionId).OrderBy(w => w.Line).ToListAsync(cancellationToken);
        var terms = await db.StandardTerms.AsNoTracking().Where(t => t.EditionId == editionId).OrderBy(t => t.Line).ToListAsync(cancellationToken);
        var domains = await db.StandardDomains.AsNoTracking().Where(d => d.EditionId == editionId).OrderBy(d => d.Line).ToListAsync(cancellationToken);
        return new StandardDictionary(
            [.. words.Select(w => new StandardWord(w.Name, w.Abbreviation, w.EnglishName, w.Description, w.IsClassWord, w.DomainClass, w.Synonyms, w.ForbiddenWords, w.Enacted, w.Retired, w.Line))],
            [.. terms.Select(t => new StandardTerm(t.Name, t.Description, t.Abbreviation, t.DomainName, t.AllowedValues, t.StorageFormat, t.DisplayFormat, t.AdministrativeCode, t.Authority, t.Synonyms, t.Enacted, t.Retired, t.Line))],
            [.. domains.Select(d => new StandardDomain(d.Group, d.Class, d.Name, d.Description, d.DataType, d.Length, d.Scale, d.StorageFormat, d.DisplayFormat, d.Unit, d.AllowedValues, d.Enacted, d.Retired, d.Line))]);
    }
}
