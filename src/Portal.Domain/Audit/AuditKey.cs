namespace ModelLifecycle.Domain.Audit;

/// <summary>The secret key of the audit hash chain (HMAC-SHA-256). Never stored in the database.</summary>
public sealed class AuditKey(byte[] value)
{
    public byte[] Value { get; } = value.Length >= 16
        ? value
        : throw new ArgumentException("The audit chain key must be at least 16 bytes.", nameof(value));
}
