using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Persistence;

/// <summary>The catalog's database: departments, sources, published datasets and the history of every harvest.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Column> Columns => Set<Column>();
    public DbSet<SchemaChange> SchemaChanges => Set<SchemaChange>();
    public DbSet<HarvestRun> HarvestRuns => Set<HarvestRun>();
    public DbSet<RuleResult> RuleResults => Set<RuleResult>();
    public DbSet<Score> Scores => Set<Score>();
    public DbSet<StandardEdition> StandardEditions => Set<StandardEdition>();
    public DbSet<StandardWordRow> StandardWords => Set<StandardWordRow>();
    public DbSet<StandardTermRow> StandardTerms => Set<StandardTermRow>();
    public DbSet<StandardDomainRow> StandardDomains => Set<StandardDomainRow>();
    public DbSet<ScopeScore> ScopeScores => Set<ScopeScore>();
    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<FindingEvent> FindingEvents => Set<FindingEvent>();
    public DbSet<RuleSetRecord> RuleSets => Set<RuleSetRecord>();
    public DbSet<DatasetGrade> DatasetGrades => Set<DatasetGrade>();
    public DbSet<DatasetGradeHistory> DatasetGradeHistory => Set<DatasetGradeHistory>();
    /// <summary>Read only: events are written by <see cref="AuditTrail.AppendAsync"/>.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
    }
}
