using System.Security.Cryptography;

namespace ModelLifecycle.Domain.Common;

/// <summary>Copies a stream to another while hashing it, in one pass: how uploads (artifacts, datasets, reference CSVs) are staged.</summary>
internal static class HashingCopy
{
    private const int BufferBytes = 81920;

    /// <summary>Copies <paramref name="from"/> to its end into <paramref name="to"/> (flushed) and returns the bytes' SHA-256 (lowercase hex) and count.</summary>
    public static async Task<(string Sha256, long Size)> CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferBytes];
        long size = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            size += read;
        }

        await to.FlushAsync(ct);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }
}
