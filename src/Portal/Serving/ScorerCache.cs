using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// Loaded scorers by version (<see cref="ModelCache{TModel}"/>: LRU by count and bytes, idle TTL, single-flight loads).
/// Every load reads the artifact through <see cref="IArtifactStore.OpenVerifiedAsync"/>, so its SHA-256 is checked each
/// time a version enters memory. A mismatch refuses the load, marks the version unhealthy (audited, through
/// <see cref="ModelRegistry.MarkUnhealthyAsync"/>) and drops the model's route, so the next routing sees it unhealthy;
/// the failure surfaces as a <see cref="FailureKind.Integrity"/> <see cref="DomainException"/>. Any other load failure
/// is <see cref="FailureKind.Unavailable"/>.
/// </summary>
public sealed class ScorerCache
{
    private readonly ModelCache<IModelScorer> cache;
    private readonly IDbContextFactory<PortalDbContext> contexts;
    private readonly IArtifactStore artifacts;
    private readonly ModelRegistry registry;
    private readonly ServingRoutes routes;
    private readonly ServingMetrics metrics;
    private readonly ILogger<ScorerCache> logger;

    public ScorerCache(
        IDbContextFactory<PortalDbContext> contexts,
        IArtifactStore artifacts,
        ModelRegistry registry,
        ServingRoutes routes,
        ServingMetrics metrics,
        IOptions<ServingCacheSettings> settings,
        TimeProvider clock,
        ILogger<ScorerCache> logger)
    {
        this.contexts = contexts;
        this.artifacts = artifacts;
        this.registry = registry;
        this.routes = routes;
        this.metrics = metrics;
        this.logger = logger;
        var s = settings.Value;
        cache = new ModelCache<IModelScorer>(LoadAsync, new ModelCacheOptions { MaxEntries = s.MaxEntries, MaxBytes = s.MaxBytes, Ttl = s.Ttl }, clock);
    }

    public ModelCacheStats Stats => cache.Stats;

    /// <summary>The scorer of a version, from memory or loaded (and checked) once however many ask at the same time.</summary>
    public ValueTask<IModelScorer> GetAsync(ServedVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        var lookup = cache.GetAsync(version.CacheKey, ct);

        // A hit completes synchronously; a miss waits for a load (its own or another request's).
        metrics.CacheLookup(lookup.IsCompletedSuccessfully);
        return lookup;
    }

    public void Clear() => cache.Clear();

    private async ValueTask<LoadedModel<IModelScorer>> LoadAsync(string key, CancellationToken ct)
    {
        var id = Guid.ParseExact(key, "N");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var v = await db.ModelVersions.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Models, x => x.ModelId, m => m.Id, (x, m) => new { Model = m.Name, m.Task, m.Features, x.Version, x.Sha256, x.Format, x.SizeBytes, x.Hyperparameters })
            .SingleOrDefaultAsync(ct) ?? throw DomainException.Unavailable($"Version {key} no longer exists.");

        byte[] bytes;
        try
        {
            await using var stream = await artifacts.OpenVerifiedAsync(v.Sha256, ct);
            using var copy = new MemoryStream(checked((int)Math.Max(v.SizeBytes, 0)));
            await stream.CopyToAsync(copy, ct); // the verified stream throws at its end if the file changed meanwhile
            bytes = copy.ToArray();
        }
        catch (ArtifactIntegrityException ex)
        {
            logger.LogError("Refused to load {Model}@{Version}: {Detail}", v.Model, v.Version, ex.Message);
            await registry.MarkUnhealthyAsync(v.Model, id, $"Integrity check failed while loading the model for serving: {ex.Message}", Actor.System, ct);
            routes.Invalidate(v.Model);
            throw new DomainException(FailureKind.Integrity, $"Version {v.Version} of '{v.Model}' was refused: {ex.Message} It is marked unhealthy.");
        }

        try
        {
            var scorer = ScorerFactory.Create(v.Format, bytes, v.Version, v.Task, v.Features, v.Hyperparameters);
            logger.LogInformation("Loaded {Model}@{Version} ({Format}, {Bytes} bytes) for serving.", v.Model, v.Version, v.Format, bytes.Length);
            return new LoadedModel<IModelScorer>(scorer, bytes.Length);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not load {Model}@{Version} for serving.", v.Model, v.Version);
            throw DomainException.Unavailable($"Version {v.Version} of '{v.Model}' could not be loaded: {ex.Message}");
        }
    }
}
