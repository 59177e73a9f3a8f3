using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Serving;

/// <summary>Limits of the model cache; the first limit reached evicts the least recently used model.</summary>
public sealed record ModelCacheOptions
{
    public int MaxEntries { get; init; } = 16;

    /// <summary>Bytes of loaded models kept, as the loader reports them (the artifact size is a fair proxy).</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>A model unused for this long is dropped on the next access to the cache (idle expiry, not absolute).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(30);

    public ModelCacheOptions Validated() =>
        MaxEntries < 1 ? throw DomainException.Invalid($"maxEntries: {MaxEntries} must be at least 1.")
        : MaxBytes < 1 ? throw DomainException.Invalid($"maxBytes: {MaxBytes} must be at least 1.")
        : Ttl <= TimeSpan.Zero ? throw DomainException.Invalid($"ttl: {Ttl} must be positive.")
        : this;
}

/// <summary>A model as its loader hands it over, with the bytes it is charged for.</summary>
public sealed record LoadedModel<TModel>(TModel Model, long SizeBytes);

/// <summary>
/// Cache counters since start (hits, misses, loads, failed loads, evictions by capacity or TTL) and what it holds now.
/// A request that waits for another request's load of the same model counts as a miss but not as a load.
/// </summary>
public sealed record ModelCacheStats(long Hits, long Misses, long Loads, long LoadFailures, long Evictions, int Entries, long Bytes);
