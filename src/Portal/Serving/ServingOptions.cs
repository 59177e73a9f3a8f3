namespace ModelLifecycle.Portal.Serving;

/// <summary>Serving settings (<c>Portal:Serving:*</c>; the cache's limits are <c>Portal:Serving:Cache:*</c>).</summary>
public sealed class ServingOptions
{
    /// <summary>How often this instance compares the stored splits' concurrency stamps with the ones it routes by, to
    /// pick up changes made by another instance (changes made here apply at once).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Shadow scorings running at once; beyond it a shadow copy is skipped and counted, never queued without bound.</summary>
    public int ShadowConcurrency { get; set; } = 64;
}

/// <summary><c>Portal:Serving:Cache:*</c>: the model cache's limits, and whether deployed versions load at start.</summary>
public sealed class ServingCacheSettings
{
    public int MaxEntries { get; set; } = 16;

    public long MaxBytes { get; set; } = 1L << 30;

    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(30);

    public bool PreloadOnStart { get; set; } = true;
}
