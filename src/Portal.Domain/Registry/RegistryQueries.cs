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

    /// <summary>One page of a model's versions, newest first (see <see cref="NewestFirst"/>), with the total.</summary>
    public async Task<Paged<VersionView>> ListVersionsAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await FindModelAsync(db, modelName, ct);
        var q = db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id);
        var total = await q.CountAsync(ct);
        var rows = await NewestFirst(q).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<VersionView>(rows.Select(v => VersionView.From(model.Name, v)).ToList(), total, page.SafePage, page.SafeSize);
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
