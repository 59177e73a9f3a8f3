namespace ModelLifecycle.Domain.Security;

/// <summary>How long a validated API key is remembered (<c>Portal:Security:ApiKeyCacheSeconds</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>
    /// The upper bound on remembering a valid key. Changes made in this process refuse a key at once whatever the value
    /// (<see cref="SecurityVersion"/>); the bound is how long another instance sharing the database may still accept a
    /// key revoked, or an owner disabled or demoted, through this one. Zero checks the database on every request.
    /// </summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(5);
}
