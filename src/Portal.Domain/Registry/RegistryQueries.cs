using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Registry;

/// <summary>Counts over the whole registry, answered by aggregate queries (never by counting a loaded page).</summary>
public sealed record RegistryOverview(int Models, int ModelsInProduction, int Versions);

/// <summary>
/// The registry's read side at scale: summaries and version lists come from aggregate, paged queries, so a model with
/// 100,000 versions costs one indexed query per figure, never a load of every version.
/// </summary>
public sealed partial class ModelRegistry
{
    public async Task<RegistryOverview> OverviewAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var models = await db.Models.CountAsync(ct);
        var inProduction = await db.ModelVersions.Where(v => v.Stage == Stage.Production).Select(v => v.ModelId).Distinct().CountAsync(ct);
        var versions = await db.ModelVersions.CountAsync(ct);
        return new RegistryOverview(models, inProduction, versions);
    }

    /// <summary>One page of the models that pass <paramref name="filter"/>, in its order, with the total.</summary>
    public async Task<Paged<ModelSummary>> FindModelsAsync(ModelFilter filter, PageRequest page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sort = ModelSort.Parse(filter.Sort);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.Models.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = filter.Search.Trim();
            q = q.Where(m => m.Name.Contains(text) || m.Description.Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(filter.Task))
        {
            var task = RegistryInput.ParseTask(filter.Task);
            q = q.Where(m => m.Task == task);
        }

        if (!string.IsNullOrWhiteSpace(filter.Stage))
        {
            // A model is "in" a stage when one of its versions is there; "None" means a model without any version.
            var stage = StrictEnum.Parse<Stage>(filter.Stage, "stage");
            q = stage == Stage.None
                ? q.Where(m => !db.ModelVersions.Any(v => v.ModelId == m.Id))
                : q.Where(m => db.ModelVersions.Any(v => v.ModelId == m.Id && v.Stage == stage));
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = filter.Tag.Trim();
            q = q.Where(m => m.Tags.Contains(tag));
        }

        var total = await q.CountAsync(ct);
        var ordered = sort.Apply(q, db);
        var summaries = await SummariesAsync(db, ordered.Skip(page.Skip).Take(page.SafeSize), ct);
        return new Paged<ModelSummary>(summaries, total, page.SafePage, page.SafeSize);
    }

    /// <summary>Every tag in use, for the Models list's filter (one query over the tag column).</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // LINQ's SelectMany over a JSON column needs APPLY, which SQLite lacks: each provider's JSON table function instead.
        var sql = db.Database.IsSqlite()
            ? "SELECT DISTINCT j.value AS Value FROM Models m, json_each(m.Tags) j"
            : "SELECT DISTINCT j.value AS Value FROM Models m CROSS APPLY OPENJSON(m.Tags) WITH (value nvarchar(50) '$') j";
        return await db.Database.SqlQueryRaw<string>(sql).OrderBy(t => t).Take(500).ToListAsync(ct);
    }

    /// <summary>One page of a model's versions, newest first (see <see cref="NewestFirst"/>), with the total.</summary>
    public async Task<Paged<VersionView>> ListVersionsAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await FindModelAsync(db, modelName, ct);
        var q = db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id);
        var total = await q.CountAsync(ct);

        // Two steps: the page's ids from the covering (ModelId, Major, Minor, Patch, Version, CreatedAt, Id) index,
        // then only those rows. One step would read every skipped row (metrics, hyperparameters) to reach page 4,000.
        var ids = await NewestFirst(q).Select(v => v.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        var rows = await db.ModelVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        return new Paged<VersionView>(ids.Select(id => VersionView.From(model.Name, rows[id])).ToList(), total, page.SafePage, page.SafeSize);
    }

    /// <summary>The newest unhealthy versions (a failed integrity check) across models, from the Healthy index.</summary>
    public async Task<IReadOnlyList<VersionView>> UnhealthyVersionsAsync(int count, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // "Healthy = false" spelled as SQL: EF writes NOT("Healthy"), which SQLite cannot answer from the index.
        var unhealthy = db.ModelVersions.FromSqlRaw("SELECT * FROM \"ModelVersions\" WHERE \"Healthy\" = {0}", false);
        var rows = await unhealthy.AsNoTracking().OrderByDescending(v => v.CreatedAt).Take(Math.Clamp(count, 1, 100))
            .Select(v => new { Model = v.Model!.Name, Version = v }).ToListAsync(ct);
        return rows.Select(r => VersionView.From(r.Model, r.Version)).ToList();
    }

    /// <summary>
    /// Semantic-version order the database can follow on its own columns: MAJOR, MINOR, PATCH descending, a release
    /// before its pre-releases, and pre-releases of one release newest registration first (they are registered in
    /// order in practice; their full semver precedence is not computed in SQL).
    /// </summary>
    internal static IOrderedQueryable<ModelVersion> NewestFirst(IQueryable<ModelVersion> q) =>
        q.OrderByDescending(v => v.Major).ThenByDescending(v => v.Minor).ThenByDescending(v => v.Patch)
            .ThenBy(v => v.Version.Contains('-')).ThenByDescending(v => v.CreatedAt).ThenBy(v => v.Id);

    private static async Task<List<ModelSummary>> SummariesAsync(PortalDbContext db, IQueryable<Model> models, CancellationToken ct)
    {
        var rows = await models.AsNoTracking().Select(SummaryRow(db)).ToListAsync(ct);
        return rows.Select(r => new ModelSummary(
            r.Model.Name, r.Model.Task, r.Model.Description, r.Model.Owner, r.Model.Tags, r.Model.Features, r.Model.MetricGate,
            r.Versions, r.Latest, r.Production, r.Model.CreatedAt)).ToList();
    }

    // Correlated sub-queries per model row: a count and two TOP 1 look-ups on the (ModelId, …) index.
    private static Expression<Func<Model, SummaryFigures>> SummaryRow(PortalDbContext db) => m => new SummaryFigures(
        m,
        db.ModelVersions.Count(v => v.ModelId == m.Id),
        db.ModelVersions.Where(v => v.ModelId == m.Id)
            .OrderByDescending(v => v.Major).ThenByDescending(v => v.Minor).ThenByDescending(v => v.Patch)
            .ThenBy(v => v.Version.Contains('-')).ThenByDescending(v => v.CreatedAt)
            .Select(v => v.Version).FirstOrDefault(),
        db.ModelVersions.Where(v => v.ModelId == m.Id && v.Stage == Stage.Production)
            .OrderByDescending(v => v.Major).ThenByDescending(v => v.Minor).ThenByDescending(v => v.Patch)
            .ThenBy(v => v.Version.Contains('-')).ThenByDescending(v => v.CreatedAt)
            .Select(v => v.Version).FirstOrDefault());

    private sealed record SummaryFigures(Model Model, int Versions, string? Latest, string? Production);
}
