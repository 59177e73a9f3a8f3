using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ModelLifecycle.Domain.Storage.Artifacts;

/// <summary>
/// Keeps the artifact store bounded: deletes artifacts no version references (an upload refused after its bytes
/// were stored, a crash between storing and saving) and temp files of interrupted uploads, plus ASP.NET Core's
/// multipart buffer files (<c>ASPNETCORE_*.tmp</c>) and staged dataset uploads a crash left in its temp folder.
/// Dataset versions' files count as referenced, like model versions' artifacts. Only files untouched for
/// <see cref="Grace"/> are removed, so uploads in flight are safe. Runs at start and daily.
/// </summary>
public sealed class ArtifactSweeper(IDbContextFactory<PortalDbContext> contexts, IArtifactStore store, TimeProvider clock, ILogger<ArtifactSweeper> logger)
{
    /// <summary>How long a file must be untouched before it may be swept (an upload writes continuously).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>Where ASP.NET Core buffers large multipart files (the same rule as its own: ASPNETCORE_TEMP, else the system temp folder).</summary>
    public static string MultipartTempDirectory =>
        Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") is { Length: > 0 } dir ? dir : Path.GetTempPath();

    public async Task<ArtifactSweepResult> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Grace;
        HashSet<string> referenced;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            // Dataset versions live in the same content-addressed store: their CSVs are referenced too.
            referenced = (await db.ModelVersions.AsNoTracking().Select(v => v.Sha256).Distinct().ToListAsync(ct))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            referenced.UnionWith(await db.Datasets.AsNoTracking().Select(d => d.Sha256).Distinct().ToListAsync(ct));
            referenced.UnionWith(await db.MonitoringReferences.AsNoTracking().Select(r => r.Sha256).Distinct().ToListAsync(ct));
        }

        var result = await store.SweepAsync(referenced, cutoff, ct);
        var multipart = SweepMultipartTemp(cutoff, ct);
        result = result with { TempFiles = result.TempFiles + multipart.Count, BytesFreed = result.BytesFreed + multipart.Bytes };
        logger.LogInformation(
            "Artifact sweep: removed {Orphans} orphan artifact(s) and {TempFiles} temp file(s) of interrupted uploads, {Bytes} bytes freed.",
            result.OrphanArtifacts, result.TempFiles, result.BytesFreed);
        return result;
    }

    private static (int Count, long Bytes) SweepMultipartTemp(DateTime cutoff, CancellationToken ct)
    {
        int count = 0;
        long bytes = 0;
        var directory = new DirectoryInfo(MultipartTempDirectory);
        if (!directory.Exists)
        {
            return (0, 0);
        }

        // ASP.NET Core's multipart buffers, and dataset uploads staged for checking (Training.StagedDataset).
        var leftovers = directory.EnumerateFiles("ASPNETCORE_*.tmp", SearchOption.TopDirectoryOnly)
            .Concat(directory.EnumerateFiles("modellifecycle-dataset-*.csv", SearchOption.TopDirectoryOnly));
        foreach (var file in leftovers)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (file.LastWriteTimeUtc < cutoff)
                {
                    var length = file.Length;
                    file.Delete();
                    count++;
                    bytes += length;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process's file, or already gone.
            }
        }

        return (count, bytes);
    }
}
