using System.Globalization;
using DataCatalog.Api.Access;
using DataCatalog.Api.Catalog;
using DataCatalog.Core.Access;
using DataCatalog.Core.Findings;
using DataCatalog.Harvesting.Schedule;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Model;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Mutations;

/// <summary>Stewards' and admins' changes. Each needs a token, checks the caller's role and department before changing
/// anything, writes one audit event in the change's transaction (none when nothing changes) and returns the changed object.</summary>
public sealed partial class CatalogMutation : ObjectGraphType
{
    public const string NotFound = "NOT_FOUND";

    public CatalogMutation()
    {
        Name = "Mutation";

        Field<NonNullGraphType<DatasetType>>("updateDataset")
            .Description("Edits a dataset's description, owner and keywords (null leaves one unchanged). Its department's stewards, or admins.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<DatasetEditInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var caller = Caller(ctx);
                var id = CatalogArguments.Id(ctx, "id");
                var edit = ctx.GetArgument<DatasetEdit>("input");
                var keywords = edit.Keywords?.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
                var found = await db.Datasets.Where(d => d.Id == id).Select(d => new { Dataset = d, Department = d.Source!.Department!.Code })
                    .SingleOrDefaultAsync(ctx.CancellationToken) ?? throw Missing($"No dataset {id}.");
                var dataset = found.Dataset;
                Authorize(caller, found.Department, $"dataset {id}");
                var before = new { dataset.Description, dataset.Owner, Keywords = dataset.Keywords.ToList() };
                dataset.Description = edit.Description ?? dataset.Description;
                dataset.Owner = edit.Owner ?? dataset.Owner;
                dataset.Keywords = keywords ?? dataset.Keywords;
                var after = new { dataset.Description, dataset.Owner, Keywords = dataset.Keywords.ToList() };
                if (before.Description != after.Description || before.Owner != after.Owner || !before.Keywords.SequenceEqual(after.Keywords))
                {
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    await AuditTrail.AppendAsync(db, Actor(ctx, caller, found.Department).Entry(
                        Now(ctx), "dataset.update", "dataset", Text(id), found.Department, before, after), ctx.CancellationToken);
                    await transaction.CommitAsync(ctx.CancellationToken);
                }

                return await db.Datasets.AsNoTracking().Where(d => d.Id == id).Select(DatasetRecord.Project).SingleAsync(ctx.CancellationToken);
            });

        Field<NonNullGraphType<ColumnType>>("updateColumn")
            .Description("Sets a column's description. The dataset's department's stewards, or admins.")
            .Argument<NonNullGraphType<IdGraphType>>("datasetId")
            .Argument<NonNullGraphType<StringGraphType>>("column")
            .Argument<NonNullGraphType<StringGraphType>>("description")
            .ResolveAsync(async ctx =>
            {
                var caller = Caller(ctx);
                var datasetId = CatalogArguments.Id(ctx, "datasetId");
                var name = ctx.GetArgument<string>("column");
                var description = ctx.GetArgument<string>("description");
                await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
                var department = await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.Source!.Department!.Code)
                    .SingleOrDefaultAsync(ctx.CancellationToken) ?? throw Missing($"No dataset {datasetId}.");
                Authorize(caller, department, $"dataset {datasetId}");
                var column = await db.Columns.SingleOrDefaultAsync(c => c.DatasetId == datasetId && c.Name == name, ctx.CancellationToken)
                    ?? throw Missing($"Dataset {datasetId} has no column '{CatalogArguments.Echo(name)}'; its columns are listed by dataset(id) {{ columns {{ name }} }}.");
                if (column.Description != description)
                {
                    var before = new { column.Description };
                    column.Description = description;
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    await AuditTrail.AppendAsync(db, Actor(ctx, caller, department).Entry(
                        Now(ctx), "column.update", "column", $"{datasetId}/{name}", department, before, new { column.Description }), ctx.CancellationToken);
                    await transaction.CommitAsync(ctx.CancellationToken);
                }

                return await db.Columns.AsNoTracking().Where(c => c.Id == column.Id).Select(ColumnRecord.Project).SingleAsync(ctx.CancellationToken);
            });

        AddFindingAction("acknowledgeFinding", FindingAction.Acknowledge, "Acknowledges an open finding.", withNote: true);
        AddFindingAction("assignFinding", FindingAction.Assign, "Assigns a finding to someone.", withNote: true, withAssignee: true);
        AddFindingAction("resolveFinding", FindingAction.Resolve, "Closes a finding; the next scoring re-opens it if its rule still fails.", withNote: true);
        AddFindingAction("waiveFinding", FindingAction.Waive,
            $"Waives a finding with a reason until an expiry (in the future, at most {FindingActions.MaxWaiver.TotalDays:0} days ahead).", withNote: false, withWaiver: true);
        AddFindingAction("reopenFinding", FindingAction.Reopen, "Re-opens a finding.", withNote: true);

        Field<NonNullGraphType<HarvestRequestType>>("requestHarvest")
            .Description("Asks for a harvest of a source now. Its department's stewards, or admins.")
            .Argument<NonNullGraphType<StringGraphType>>("sourceId")
            .ResolveAsync(async ctx =>
            {
                var caller = Caller(ctx);
                var sourceId = ctx.GetArgument<string>("sourceId");
                var outcome = await ctx.RequestServices!.GetRequiredService<HarvestRequests>().RequestAsync(
                    sourceId, Actor(ctx, caller, null), caller.MayChangeDepartment, ctx.CancellationToken);
                return outcome.Refusal switch
                {
                    null => outcome.Request,
                    HarvestRequestRefusal.NotFound => throw Missing(outcome.Error!),
                    HarvestRequestRefusal.Forbidden => throw AccessErrors.NotAllowed(outcome.Error!),
                    _ => throw CatalogArguments.Invalid(outcome.Error!),
                };
            });

        Field<NonNullGraphType<DepartmentType>>("upsertDepartment")
            .Description("Creates a department or renames it. Admins only.")
            .Argument<NonNullGraphType<DepartmentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var caller = AdminOnly(ctx, "manage departments");
                var input = ctx.GetArgument<DepartmentInput>("input");
                var code = input.Code.Trim();
                var name = input.Name.Trim();
                if (!DepartmentCode().IsMatch(code))
                {
                    throw CatalogArguments.Invalid($"'code' must be lower-case letters, digits and '-' (2–63, as in source files, e.g. transport); it was '{CatalogArguments.Echo(code)}'.");
                }

                if (name.Length == 0)
                {
                    throw CatalogArguments.Invalid("'name' must not be empty (the department's Korean name, e.g. 교통정책과).");
                }

                await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
                var now = Now(ctx);
                var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == code, ctx.CancellationToken);
                var before = department is null ? null : new { department.Code, department.Name };
                if (department is null)
                {
                    department = new Department { Code = code, Name = name, CreatedAt = now };
                    db.Departments.Add(department);
                }

                department.Name = name;
                if (before is null || before.Name != name)
                {
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    await AuditTrail.AppendAsync(db, Actor(ctx, caller, code).Entry(now, before is null ? "department.create" : "department.update", "department",
                        code, code, before, new { Code = code, Name = name }), ctx.CancellationToken);
                    await transaction.CommitAsync(ctx.CancellationToken);
                }

                var stats = await db.Datasets.Where(d => d.Status == DatasetStatus.Active && d.Source!.Department!.Code == code)
                    .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Average = g.Average(d => d.LatestScore) }).SingleOrDefaultAsync(ctx.CancellationToken);
                return new DepartmentSummary(code, name, stats?.Count ?? 0, stats?.Average is { } a ? Math.Round(a, 2) : null);
            });

        Field<NonNullGraphType<SourceType>>("applySource")
            .Description("Applies one department's source file (the same JSON and validation as 'harvest sources apply'); returns its first source. Admins only.")
            .Argument<NonNullGraphType<StringGraphType>>("definition")
            .ResolveAsync(async ctx =>
            {
                var caller = AdminOnly(ctx, "apply sources");
                var services = ctx.RequestServices!;
                var loader = await SourceFileLoader.CreateAsync(services.GetRequiredService<ConnectionReferencePolicy>());
                var loaded = loader.LoadTexts([("definition", ctx.GetArgument<string>("definition"))]);
                if (!loaded.Succeeded)
                {
                    throw CatalogArguments.Invalid($"The source definition has {loaded.Errors.Count} problem(s); nothing was changed: "
                                                   + string.Join(" | ", loaded.Errors.Select(e => e.ToString())));
                }

                var files = loaded.Sources!;
                await services.GetRequiredService<SourceCatalogWriter>().ApplyAsync(files, Actor(ctx, caller, null), ctx.CancellationToken);
                var first = files.AllSources.FirstOrDefault()?.Definition.Id
                            ?? throw CatalogArguments.Invalid("The source definition declares no source; add one to 'sources'.");
                await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await db.Sources.Where(s => s.Id == first).Select(SourceRecord.Project).SingleAsync(ctx.CancellationToken);
            });

        Field<NonNullGraphType<RuleSetAppliedType>>("applyRuleSet")
            .Description("Stores a rule set (the same JSON and validation as 'rules apply') and re-scores every dataset from its stored profile. Admins only.")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .ResolveAsync(async ctx =>
            {
                var caller = AdminOnly(ctx, "apply rule sets");
                var (result, rescore) = await ctx.RequestServices!.GetRequiredService<RuleSetCatalog>().ApplyAsync(
                    [("document", ctx.GetArgument<string>("document"))], Actor(ctx, caller, null), ctx.CancellationToken);
                if (!result.Succeeded)
                {
                    throw CatalogArguments.Invalid($"The rule set has {result.Errors.Count} problem(s); nothing was changed: "
                                                   + string.Join(" | ", result.Errors.Select(e => e.ToString())));
                }

                var name = result.Files.Single().Name;
                await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var version = await db.AuditEvents.CountAsync(e => e.TargetKind == "rule-set" && e.TargetId == name, ctx.CancellationToken);
                return new RuleSetApplied(name, version, rescore?.Datasets ?? 0);
            });
    }

    private void AddFindingAction(string name, FindingAction action, string description, bool withNote, bool withAssignee = false, bool withWaiver = false)
    {
        var field = Field<NonNullGraphType<Scoring.FindingType>>(name)
            .Description(description + " Stewards of the finding's department, or admins; repeating it changes nothing and writes no event.")
            .Argument<NonNullGraphType<IdGraphType>>("id");
        if (withAssignee)
        {
            field.Argument<NonNullGraphType<StringGraphType>>("assignee");
        }

        if (withWaiver)
        {
            field.Argument<NonNullGraphType<StringGraphType>>("reason").Argument<NonNullGraphType<DateTimeOffsetGraphType>>("expiresAt");
        }

        if (withNote)
        {
            field.Argument<StringGraphType>("note");
        }

        field.ResolveAsync(async ctx =>
        {
            var caller = Caller(ctx);
            var id = CatalogArguments.Id(ctx, "id");
            var request = new FindingRequest(action,
                withWaiver ? ctx.GetArgument<string>("reason") : ctx.GetArgument<string?>("note"),
                withWaiver ? ctx.GetArgument<DateTimeOffset>("expiresAt") : null,
                withAssignee ? ctx.GetArgument<string>("assignee") : null);
            var outcome = await ctx.RequestServices!.GetRequiredService<FindingActions>().ActAsync(
                id, request, Actor(ctx, caller, null), caller.MayChangeDepartment, ctx.CancellationToken);
            switch (outcome.Status)
            {
                case FindingActStatus.NotFound:
                    throw Missing($"No finding {id}.");
                case FindingActStatus.Forbidden:
                    throw AccessErrors.NotAllowed(outcome.Error!);
                case FindingActStatus.Invalid:
                    throw CatalogArguments.Invalid(outcome.Error!);
            }

            await using var db = await Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
            return await db.Findings.AsNoTracking().Where(f => f.Id == id).Select(Scoring.FindingRecord.Project).SingleAsync(ctx.CancellationToken);
        });
    }

    /// <summary>The caller, who must have a token: mutations are never anonymous.</summary>
    private static CatalogPrincipal Caller(IResolveFieldContext context)
    {
        var caller = CatalogPrincipal.FromClaims(context.User);
        return caller.IsAuthenticated
            ? caller
            : throw AccessErrors.NotAuthenticated("Changes need a token: send Authorization: Bearer <token> (POST /auth/token in development).");
    }

    private static CatalogPrincipal AdminOnly(IResolveFieldContext context, string what)
    {
        var caller = Caller(context);
        return caller.IsAdmin ? caller : throw AccessErrors.NotAllowed($"Only admins {what}; your token is {caller}.");
    }

    private static void Authorize(CatalogPrincipal caller, string department, string target)
    {
        if (!caller.MayChangeDepartment(department))
        {
            throw AccessErrors.NotAllowed($"{char.ToUpperInvariant(target[0])}{target[1..]} belongs to department '{department}'; only its stewards and admins change it (your token is {caller}).");
        }
    }

    /// <summary>The audit actor: the token's name, acting as admin when it is one, else as a steward (the only other role allowed to change).</summary>
    private static AuditActor Actor(IResolveFieldContext context, CatalogPrincipal caller, string? department) =>
        new(caller.Name ?? caller.Subject ?? "unknown",
            caller.IsAdmin && !caller.StewardsDepartment(department) ? "admin" : "steward",
            context.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext?.TraceIdentifier);

    private static DateTimeOffset Now(IResolveFieldContext context) =>
        (context.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

    private static IDbContextFactory<CatalogDbContext> Db(IResolveFieldContext context) =>
        context.RequestServices!.GetKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api)
        ?? context.RequestServices!.GetRequiredService<IDbContextFactory<CatalogDbContext>>();

    private static ExecutionError Missing(string message) => new(message) { Code = NotFound };

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial System.Text.RegularExpressions.Regex DepartmentCode();
}
