using DataCatalog.Core.Catalog;
using DataCatalog.Core.Publishing;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Publishing;

/// <summary>One public dataset as the catalogue publishes it: metadata, its department, latest quality scores and grade.</summary>
public sealed record PublishedDataset(
    long Id,
    string SourceId,
    string QualifiedName,
    DatasetKind Kind,
    string DepartmentCode,
    string DepartmentName,
    string? Title,
    string? Description,
    string? Publisher,
    string? UpdateCycle,
    string? Licence,
    string? Theme,
    string? ContactPoint,
    string? LandingPage,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<Distribution> Distributions,
    DateTimeOffset? Issued,
    DateTimeOffset? Modified,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    long? RowCount,
    double? OverallScore,
    IReadOnlyList<(QualityDimension Dimension, double Value)> Scores,
    string? Grade);

/// <summary>A page of the published catalogue and how many datasets it has in all.</summary>
public sealed record PublishedPage(int Page, int PageSize, int Total, IReadOnlyList<PublishedDataset> Datasets)
{
    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the public datasets (<see cref="PublicationPolicy"/>) a page at a time, in id order.</summary>
public sealed class CatalogPublication(IDbContextFactory<CatalogDbContext> contexts)
{
    /// <summary>Datasets per page of /catalog.jsonld and /catalog.rdf.</summary>
    public const int PageSize = 100;

    public async Task<PublishedPage> PageAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Sources are few and their options live in jsonb: the policy is applied to them here, then the datasets are paged in SQL.
        var sources = await db.Sources.AsNoTracking().Select(s => new { s.Id, s.Kind, s.Options }).ToListAsync(cancellationToken);
        var published = sources.Where(s => PublicationPolicy.IsPublic(s.Kind, s.Options)).Select(s => s.Id).ToList();
        var query = db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Active && published.Contains(d.SourceId));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new { Dataset = d, Department = d.Source!.Department! })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Dataset.Id).ToList();
        var latest = await db.Scores.AsNoTracking()
            .Where(s => ids.Contains(s.DatasetId) && s.Dimension != null
                        && s.ComputedAt == db.Scores.Where(x => x.DatasetId == s.DatasetId).Max(x => x.ComputedAt))
            .Select(s => new { s.DatasetId, Dimension = s.Dimension!.Value, s.Value })
            .ToListAsync(cancellationToken);
        var grades = await db.DatasetGrades.AsNoTracking().Where(g => ids.Contains(g.DatasetId)).ToDictionaryAsync(g => g.DatasetId, g => g.Grade, cancellationToken);
        var datasets = rows.Select(r =>
        {
            var d = r.Dataset;
            return new PublishedDataset(d.Id, d.SourceId, d.QualifiedName, d.Kind, r.Department.Code, r.Department.Name, d.Title, d.Description, d.Publisher,
                d.UpdateCycle, d.Licence, d.Theme, d.ContactPoint, d.LandingPage, d.Keywords, d.Distributions, d.SourceIssued, d.SourceModified,
                d.FirstSeenAt, d.LastSeenAt, d.RowCount, d.LatestScore,
                [.. latest.Where(s => s.DatasetId == d.Id).OrderBy(s => s.Dimension).Select(s => (s.Dimension, s.Value))],
                grades.GetValueOrDefault(d.Id));
        }).ToList();
        return new PublishedPage(page, pageSize, total, datasets);
    }
}
