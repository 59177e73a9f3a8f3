using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Serving;

/// <summary>What a preload did: the versions now in memory and those that failed, with why.</summary>
public sealed record PreloadReport(IReadOnlyList<PreloadedVersion> Loaded, IReadOnlyList<PreloadedVersion> Failed);

public sealed record PreloadedVersion(string Model, string Version, string? Error = null);

/// <summary>Loads the versions deployed models serve (split, stable and shadows), so no first request pays for a load.</summary>
public sealed class ServingPreloader(IDbContextFactory<PortalDbContext> contexts, ServingRoutes routes, ScorerCache scorers, ILogger<ServingPreloader> logger)
{
    public async Task<PreloadReport> PreloadAllAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var names = await db.ModelServing.AsNoTracking().Select(s => s.ModelName).ToListAsync(ct);
        return await PreloadAsync(names, ct);
    }

    public async Task<PreloadReport> PreloadModelAsync(Guid modelId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var names = await db.Models.AsNoTracking().Where(m => m.Id == modelId).Select(m => m.Name).ToListAsync(ct);
        return await PreloadAsync(names, ct);
    }

    public async Task<PreloadReport> PreloadAsync(IEnumerable<string> modelNames, CancellationToken ct)
    {
        var loaded = new List<PreloadedVersion>();
        var failed = new List<PreloadedVersion>();
        foreach (var name in modelNames)
        {
            ModelRoute route;
            try
            {
                route = await routes.GetAsync(name, ct);
            }
            catch (DomainException ex) when (ex.Kind == FailureKind.NotFound)
            {
                continue; // not deployed (any more): nothing to load
            }

            foreach (var version in route.Deployed())
            {
                try
                {
                    await scorers.GetAsync(version, ct);
                    loaded.Add(new PreloadedVersion(name, version.Version));
                }
                catch (DomainException ex)
                {
                    logger.LogWarning("Preloading {Model}@{Version} failed: {Error}", name, version.Version, ex.Message);
                    failed.Add(new PreloadedVersion(name, version.Version, ex.Message));
                }
            }
        }

        return new PreloadReport(loaded, failed);
    }
}
