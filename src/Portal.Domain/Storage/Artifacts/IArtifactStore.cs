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

    /// <summary>
    /// Returns a stream of the bytes only after their hash matched <paramref name="sha256"/> (a streaming pass, no
    /// copy in memory). The returned stream hashes again as it is read and throws
    /// <see cref="ArtifactIntegrityException"/> at its end if the file changed in between, so changed bytes are never
    /// delivered as a complete, valid download.
    /// </summary>
    Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken ct);

    /// <summary>
    /// Deletes stored files that no version references and temp files of interrupted uploads, both only when last
    /// written before <paramref name="olderThanUtc"/> (so an upload in flight is left alone). Returns what was deleted.
    /// </summary>
    Task<ArtifactSweepResult> SweepAsync(IReadOnlySet<string> referencedSha256, DateTime olderThanUtc, CancellationToken ct);

    /// <summary>True when the stored bytes still hash to <paramref name="sha256"/>; false when changed or missing.</summary>
    Task<bool> VerifyAsync(string sha256, CancellationToken ct);
}

/// <summary>What a sweep deleted: artifacts no version references, and temp files left by interrupted uploads.</summary>
public sealed record ArtifactSweepResult(int OrphanArtifacts, int TempFiles, long BytesFreed);

/// <summary>The stored bytes no longer match their recorded hash (or are gone).</summary>
public sealed class ArtifactIntegrityException(string sha256, string detail)
    : Exception($"Artifact {sha256[..Math.Min(12, sha256.Length)]}… failed its integrity check: {detail}")
{
    public string Sha256 { get; } = sha256;
}
