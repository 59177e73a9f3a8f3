namespace ModelLifecycle.Domain.Security;

/// <summary>
/// A machine client's credential. The secret is shown once at creation; only its SHA-256 is stored.
/// The key text is <c>mlk_{Prefix}_{secret}</c>; the prefix finds the row, the hash proves the secret.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public required string Role { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>The user the key acts for (null only for keys created before keys had owners: those are refused).</summary>
    public string? OwnerId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
