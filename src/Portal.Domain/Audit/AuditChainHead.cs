namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// The single row that serialises appends to the chain: each append updates it first, which takes a
/// database write lock held until commit, so concurrent writers (even in other processes) queue instead of forking the chain.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = "";

    /// <summary>
    /// HMAC(key, "head" ‖ LastSequence ‖ LastHash), so rewinding the head inside the database is detected. Empty only
    /// on an empty chain, or on a database written before the head was signed until the portal seals it at start.
    /// </summary>
    public string Hmac { get; set; } = "";
}
