using System.Security.Cryptography;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Storage.Artifacts;

/// <summary>Artifacts as files under <c>{root}/{sha[0..2]}/{sha}</c>; written to a temp file first, then moved, so no half file is ever addressable.</summary>
public sealed class LocalArtifactStore(string root) : IArtifactStore
{
    /// <summary>Name prefix of an upload being written; a crash leaves such files behind for the sweep.</summary>
    public const string TempPrefix = ".upload-";

    public async Task<StoredArtifact> PutAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        var temp = Path.Combine(root, $"{TempPrefix}{Guid.NewGuid():N}");
        try
        {
            string sha;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                (sha, size) = await HashingCopy.CopyAsync(content, file, ct);
            }

            var target = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target) && await HashOfAsync(target, ct) == sha)
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, target, overwrite: true);
            }

            return new StoredArtifact(sha, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public async Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            throw new ArtifactIntegrityException(sha256, "the file is missing from the artifact store.");
        }

        // Two streaming passes, constant memory: verify first (so a mismatch is refused before any byte is sent),
        // then stream while hashing again (so a file changed between the passes fails at the end of the read).
        var actual = await HashOfAsync(path, ct);
        if (actual != sha256)
        {
            throw new ArtifactIntegrityException(sha256, $"its content now hashes to {actual[..12]}….");
        }

        return new HashCheckingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true), sha256);
    }

    public Task<ArtifactSweepResult> SweepAsync(IReadOnlySet<string> referencedSha256, DateTime olderThanUtc, CancellationToken ct)
    {
        int orphans = 0, temps = 0;
        long bytes = 0;
        if (!Directory.Exists(root))
        {
            return Task.FromResult(new ArtifactSweepResult(0, 0, 0));
        }

        foreach (var file in new DirectoryInfo(root).EnumerateFiles($"{TempPrefix}*", SearchOption.TopDirectoryOnly))
        {
            ct.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc < olderThanUtc && TryDelete(file, ref bytes))
            {
                temps++;
            }
        }

        foreach (var directory in new DirectoryInfo(root).EnumerateDirectories())
        {
            foreach (var file in directory.EnumerateFiles())
            {
                ct.ThrowIfCancellationRequested();
                var isArtifact = file.Name.Length == 64 && file.Name.All(Uri.IsHexDigit) && file.Name.StartsWith(directory.Name, StringComparison.Ordinal);
                if (isArtifact && !referencedSha256.Contains(file.Name) && file.LastWriteTimeUtc < olderThanUtc && TryDelete(file, ref bytes))
                {
                    orphans++;
                }
            }
        }

        return Task.FromResult(new ArtifactSweepResult(orphans, temps, bytes));
    }

    private static bool TryDelete(FileInfo file, ref long bytes)
    {
        try
        {
            var length = file.Length;
            file.Delete();
            bytes += length;
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public async Task<bool> VerifyAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        return File.Exists(path) && await HashOfAsync(path, ct) == sha256;
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        return Path.Combine(root, sha256[..2], sha256);
    }

    private static async Task<string> HashOfAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }
}
