namespace ModelLifecycle.Domain.Storage.Artifacts;

/// <summary>What was stored: the content address and size.</summary>
public sealed record StoredArtifact(string Sha256, long SizeBytes);

/// <summary>
/// Content-addressed storage of model artifacts (local folder by default; an S3-compatible store can implement the
/// same contract). Every read re-checks the SHA-256: a mismatch throws <see cref="ArtifactIntegrityException"/>.
/// </summary>
public interface IArtifactStore
{
    Task<StoredArtifact> PutAsync(Stream content, CancellationToken ct);

    /// <summary>Returns the bytes only after their hash matched <paramref name="sha256"/>.</summary>
    Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken ct);

    /// <summary>True when the stored bytes still hash to <paramref name="sha256"/>; false when changed or missing.</summary>
    Task<bool> VerifyAsync(string sha256, CancellationToken ct);
}

/// <summary>The stored bytes no longer match their recorded hash (or are gone).</summary>
public sealed class ArtifactIntegrityException(string sha256, string detail)
    : Exception($"Artifact {sha256[..Math.Min(12, sha256.Length)]}… failed its integrity check: {detail}")
{
    public string Sha256 { get; } = sha256;
}
