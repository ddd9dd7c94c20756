using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Sources;

/// <summary>Writes a validated set of source files into the catalog in one transaction.</summary>
/// <remarks>Declared departments and sources are created or updated. A source that a department's files no longer
/// declare is disabled, not deleted: its datasets and run history stay.</remarks>
public sealed class SourceCatalogWriter(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock)
{
    /// <summary>What applying changed, for the command's report.</summary>
    public sealed record Summary(int Created, int Updated, int Disabled, int Unchanged);

    /// <summary>Applies <paramref name="files"/> as the catalog itself (demo seeding).</summary>
    public Task<Summary> ApplyAsync(SourceFileSet files, CancellationToken cancellationToken) => ApplyAsync(files, AuditActor.System, cancellationToken);

    /// <summary>Applies <paramref name="files"/>; every department and source created or changed is an audit event of
    /// <paramref name="actor"/> in the same transaction.</summary>
    public async Task<Summary> ApplyAsync(SourceFileSet files, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        int created = 0, updated = 0, disabled = 0, unchanged = 0;
        // A source that moved to another department is still declared; its old department's files must not disable it.
        var declaredIds = files.AllSources.Select(s => s.Definition.Id).ToHashSet(StringComparer.Ordinal);
        var events = new List<AuditEntry>();

        foreach (var declared in files.Departments)
        {
            var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == declared.Code, cancellationToken);
            if (department is null)
            {
                department = new Department { Code = declared.Code, Name = declared.Name, CreatedAt = now };
                db.Departments.Add(department);
                events.Add(actor.Entry(now, "department.create", "department", declared.Code, declared.Code, null, new { declared.Code, declared.Name }));
            }
            else if (department.Name != declared.Name)
            {
                events.Add(actor.Entry(now, "department.update", "department", declared.Code, declared.Code,
                    new { department.Code, department.Name }, new { declared.Code, declared.Name }));
                department.Name = declared.Name;
            }

            var existing = await db.Sources.Where(s => s.Department!.Code == declared.Code).ToDictionaryAsync(s => s.Id, cancellationToken);
            foreach (var (definition, enabled, _) in declared.Sources)
            {
                var source = existing.GetValueOrDefault(definition.Id) ?? await db.Sources.SingleOrDefaultAsync(s => s.Id == definition.Id, cancellationToken);
                if (source is null)
                {
                    source = new Source
                    {
                        Id = definition.Id,
                        Kind = definition.Kind,
                        Name = definition.Name,
                        ConnectionRef = definition.ConnectionRef,
                        Schedule = definition.Schedule,
                        CreatedAt = now,
                    };
                    db.Sources.Add(source);
                    created++;
                }

                var before = Declared(source);
                var beforeState = db.Entry(source).State == EntityState.Added ? null : SourceState.Of(source, existing.ContainsKey(source.Id) ? declared.Code : null);
                source.Department = department;
                source.Kind = definition.Kind;
                source.Name = definition.Name;
                source.ConnectionRef = definition.ConnectionRef;
                source.Schedule = definition.Schedule;
                source.TimeZone = definition.TimeZone;
                source.RuleSet = definition.RuleSet;
                source.Owner = definition.Owner;
                source.Options = definition.Options?.ToDictionary() ?? [];
                source.Enabled = enabled;
                var after = Declared(source);
                if (db.Entry(source).State != EntityState.Added)
                {
                    if (before == after && department.Id == before.Department)
                    {
                        unchanged++;
                    }
                    else
                    {
                        source.UpdatedAt = now;
                        updated++;
                        events.Add(actor.Entry(now, "source.update", "source", source.Id, declared.Code, beforeState, SourceState.Of(source, declared.Code)));
                    }
                }
                else
                {
                    source.UpdatedAt = now;
                    events.Add(actor.Entry(now, "source.create", "source", source.Id, declared.Code, null, SourceState.Of(source, declared.Code)));
                }
            }

            foreach (var gone in existing.Values.Where(s => s.Enabled && !declaredIds.Contains(s.Id)))
            {
                var goneBefore = SourceState.Of(gone, declared.Code);
                events.Add(actor.Entry(now, "source.disable", "source", gone.Id, declared.Code, goneBefore, goneBefore with { Enabled = false }));
                gone.Enabled = false;
                gone.UpdatedAt = now;
                disabled++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var entry in events)
        {
            await AuditTrail.AppendAsync(db, entry, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new Summary(created, updated, disabled, unchanged);
    }

    /// <summary>A source as its file declares it, as an audit event's before and after (the connection is a reference, never a secret).</summary>
    public sealed record SourceState(string? Department, string Kind, string Name, string ConnectionRef, string Schedule, string TimeZone, string? RuleSet,
        string? Owner, bool Enabled, IReadOnlyDictionary<string, string> Options)
    {
        public static SourceState Of(Source source, string? department) => new(department, source.Kind, source.Name, source.ConnectionRef, source.Schedule,
            source.TimeZone, source.RuleSet, source.Owner, source.Enabled, new SortedDictionary<string, string>(source.Options, StringComparer.Ordinal));
    }

    /// <summary>What a source file declares about a source, in a form two states can be compared by.</summary>
    private static (int Department, string Kind, string Name, string ConnectionRef, string Schedule, string TimeZone, string? RuleSet, string? Owner, bool Enabled, string Options) Declared(Source source) =>
        (source.DepartmentId, source.Kind, source.Name, source.ConnectionRef, source.Schedule, source.TimeZone, source.RuleSet, source.Owner, source.Enabled,
         string.Join(';', source.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value)));
}
