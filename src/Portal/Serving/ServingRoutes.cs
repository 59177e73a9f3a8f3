using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// The routing table: per model name, the <see cref="ModelRoute"/> built from its <c>ModelServing</c> row, kept in memory
/// so a prediction reads no database. An entry is dropped, and rebuilt by the next request, when the deployment engine
/// of this process says the split changed (<see cref="ServingChanges"/>), when <see cref="RefreshAsync"/> sees another
/// stamp in the database (a change made by another instance), or when a version's artifact fails its integrity check.
/// "Not deployed" is remembered too (the poll sees the row appear); an unknown model name is not, so clients cannot
/// grow the table with made-up names.
/// </summary>
public sealed class ServingRoutes : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RouteEntry>>> entries = new(StringComparer.Ordinal);
    private readonly IDbContextFactory<PortalDbContext> contexts;
    private readonly ServingChanges changes;

    public ServingRoutes(IDbContextFactory<PortalDbContext> contexts, ServingChanges changes)
    {
        this.contexts = contexts;
        this.changes = changes;
        changes.Changed += OnChanged;
    }

    /// <summary>The route of a deployed model; 404 naming the reason for an unknown or undeployed model.</summary>
    public ValueTask<ModelRoute> GetAsync(string modelName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        if (!entries.TryGetValue(modelName, out var lazy))
        {
            lazy = entries.GetOrAdd(modelName, static (name, self) => new Lazy<Task<RouteEntry>>(() => self.BuildAsync(name)), this);
        }

        var build = lazy.Value;
        return build.IsCompletedSuccessfully ? new ValueTask<ModelRoute>(Unwrap(modelName, lazy, build.Result)) : AwaitAsync(modelName, lazy, build, ct);
    }

    /// <summary>Forgets a model's route; the next request rebuilds it from the database.</summary>
    public void Invalidate(string modelName) => entries.TryRemove(modelName, out _);

    /// <summary>
    /// Compares every remembered route's stamp with the stored rows and forgets those that differ (a split changed, a
    /// model was deployed or undeployed elsewhere). Returns the names forgotten, so their versions can be preloaded.
    /// </summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken ct)
    {
        if (entries.IsEmpty)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var stamps = await db.ModelServing.AsNoTracking().Select(s => new { s.ModelName, s.ConcurrencyStamp }).ToDictionaryAsync(s => s.ModelName, s => s.ConcurrencyStamp, StringComparer.Ordinal, ct);
        var changed = new List<string>();
        foreach (var (name, lazy) in entries)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            Guid? stored = stamps.TryGetValue(name, out var stamp) ? stamp : null;
            if (lazy.Value.Result.Stamp != stored && entries.TryRemove(KeyValuePair.Create(name, lazy)))
            {
                changed.Add(name);
            }
        }

        return changed;
    }

    public void Dispose() => changes.Changed -= OnChanged;

    private void OnChanged(Guid modelId)
    {
        foreach (var (name, lazy) in entries)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully || lazy.Value.Result.ModelId == modelId)
            {
                entries.TryRemove(KeyValuePair.Create(name, lazy));
            }
        }
    }

    private async ValueTask<ModelRoute> AwaitAsync(string name, Lazy<Task<RouteEntry>> lazy, Task<RouteEntry> build, CancellationToken ct)
    {
        RouteEntry entry;
        try
        {
            entry = await build.WaitAsync(ct);
        }
        catch (Exception) when (build.IsFaulted)
        {
            // A failed read (database busy, say) is not remembered; the next request tries again.
            entries.TryRemove(KeyValuePair.Create(name, lazy));
            throw;
        }

        return Unwrap(name, lazy, entry);
    }

    private ModelRoute Unwrap(string name, Lazy<Task<RouteEntry>> lazy, RouteEntry entry)
    {
        if (entry.Route is not null)
        {
            return entry.Route;
        }

        if (entry.ModelId is null)
        {
            entries.TryRemove(KeyValuePair.Create(name, lazy));
        }

        throw DomainException.NotFound(entry.Reason!);
    }

    private async Task<RouteEntry> BuildAsync(string name)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var model = await db.Models.AsNoTracking().Where(m => m.Name == name)
            .Select(m => new { m.Id, m.Name, m.Task, m.Features }).SingleOrDefaultAsync();
        if (model is null)
        {
            return new RouteEntry(null, $"No model named '{name}'.", null, null);
        }

        var serving = await db.ModelServing.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == model.Id);
        if (serving is null || serving.Shares.Count == 0)
        {
            return new RouteEntry(null, $"Model '{name}' is not deployed: no version serves its traffic yet (deploy a version first).", serving?.ConcurrencyStamp, model.Id);
        }

        var allocation = serving.Allocation();
        var listed = allocation.Shares.Select(s => s.Version).Concat(serving.ShadowVersions).ToHashSet(StringComparer.Ordinal);
        if (serving.StableVersion is not null)
        {
            listed.Add(serving.StableVersion);
        }

        var stored = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id && listed.Contains(v.Version))
            .Select(v => new { v.Id, v.Version, v.Healthy }).ToListAsync();
        var known = stored.ToDictionary(v => v.Version, v => new ServedVersion(v.Id, v.Version, v.Healthy), StringComparer.Ordinal);

        // A listed version that no longer exists cannot serve; it is routed like an unhealthy one.
        ServedVersion Find(string version) => known.TryGetValue(version, out var v) ? v : new ServedVersion(Guid.Empty, version, Healthy: false);

        var router = new TrafficRouter(allocation, serving.StableVersion);
        var versions = allocation.Shares.ToDictionary(s => s.Version, s => Find(s.Version), StringComparer.Ordinal);
        var stable = serving.StableVersion is { } s && Find(s).Healthy ? Find(s) : Find(router.Stable);
        var shadows = serving.ShadowVersions.Select(Find).ToList();
        var route = new ModelRoute(model.Id, model.Name, model.Task, model.Features, router, stable, versions, shadows, serving.ConcurrencyStamp);
        return new RouteEntry(route, null, serving.ConcurrencyStamp, model.Id);
    }

    /// <summary>A route, or why there is none; the stamp of the row it came from (null when there is no row).</summary>
    private sealed record RouteEntry(ModelRoute? Route, string? Reason, Guid? Stamp, Guid? ModelId);
}
