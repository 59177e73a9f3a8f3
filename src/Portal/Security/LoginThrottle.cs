using System.Threading.RateLimiting;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Rate limits sign-in attempts per client address (<c>Portal:Security:LoginPermitsPerMinute</c>) and per account
/// (<c>Portal:Security:LoginPermitsPerAccountPerMinute</c>) with ASP.NET Core's fixed-window rate limiters. Both front
/// doors (the login page's form post and <c>POST /api/v1/auth/login</c>) ask it before checking a password; the
/// account limit needs the email from the body, which the rate-limiting middleware cannot read, hence one service.
/// Lockout after repeated failures still applies on top.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> clients;
    private readonly PartitionedRateLimiter<string> accounts;

    public LoginThrottle(IConfiguration configuration)
    {
        clients = PerMinute(configuration.GetValue("Portal:Security:LoginPermitsPerMinute", 30));
        accounts = PerMinute(configuration.GetValue("Portal:Security:LoginPermitsPerAccountPerMinute", 10));
    }

    /// <summary>Null when the attempt may go ahead, otherwise how long the caller must wait.</summary>
    public TimeSpan? Attempt(HttpContext context, string? account)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Refusal(clients, client) ?? Refusal(accounts, (account ?? "").Trim().ToUpperInvariant());
    }

    /// <summary>Answers 429 with Retry-After (whole seconds, at least one).</summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        clients.Dispose();
        accounts.Dispose();
    }

    private static TimeSpan? Refusal(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
}
