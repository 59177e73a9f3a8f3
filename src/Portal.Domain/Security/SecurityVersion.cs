namespace ModelLifecycle.Domain.Security;

/// <summary>
/// A counter that moves whenever something a credential check reads has changed in this process: an API key, a user
/// (roles, disable, lockout, security stamp, password) or a role. <see cref="SecurityChangeInterceptor"/> moves it after
/// the change commits, so whatever was cached under an older value is stale by the next request.
/// </summary>
public sealed class SecurityVersion
{
    private long value;

    public long Current => Volatile.Read(ref value);

    public void Changed() => Interlocked.Increment(ref value);
}
