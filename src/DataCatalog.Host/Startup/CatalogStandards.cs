using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Standards;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Startup;

/// <summary>Imports the shipped common standard (2024-11, <c>Standards/2024-11/</c>) into a catalog that has no
/// dictionary yet, so standardization checks work out of the box.</summary>
public static class CatalogStandards
{
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "Standards", "2024-11");

    public static IReadOnlyList<string> ShippedFiles => [.. new[] { "words.csv", "terms.csv", "domains.csv" }.Select(f => Path.Combine(ShippedFolder, f))];

    public static async Task SeedAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<StandardDictionaryStore>();
        if (await store.LatestVersionAsync(cancellationToken) > 0)
        {
            return;
        }

        StandardImportResult result;
        try
        {
            result = await store.ImportAsync(ShippedFiles, null, extension: false, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node starting at the same moment may have imported it first (the edition name is unique).
            if (await store.LatestVersionAsync(cancellationToken) > 0)
            {
                return;
            }

            throw;
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The shipped standard dictionary is invalid: " + string.Join("; ", result.Errors));
        }

        logger.LogInformation("Common standard {Edition} imported: {Words} words, {Terms} terms, {Domains} domains",
            result.Edition!.Name, result.Edition.Words, result.Edition.Terms, result.Edition.Domains);

        // Datasets harvested before the dictionary arrived had their standardization skipped; judge them now.
        await services.GetRequiredService<RuleSetCatalog>().RescoreAsync(null, cancellationToken);
    }
}
