using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Deletes prediction records older than <see cref="PredictionLogOptions.LogRetentionDays"/>, in chunks so no single
/// statement holds the database's write lock for long while predictions keep being logged.
/// </summary>
public sealed class PredictionLogRetention(
    IDbContextFactory<PortalDbContext> contexts, IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PredictionLogRetention> logger)
{
    /// <summary>Rows per delete statement.</summary>
    internal int ChunkSize { get; init; } = 10_000;

    /// <summary>Deletes the expired records and returns how many were deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var days = options.Value.LogRetentionDays;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var deleted = await db.Predictions.Where(p => p.At < cutoff).OrderBy(p => p.At).Take(ChunkSize).ExecuteDeleteAsync(ct);
            total += deleted;
            if (deleted < ChunkSize)
            {
                break;
            }
        }

        logger.LogInformation("Prediction log retention: deleted {Count} records older than {Days} days (before {Cutoff:O}).", total, days, cutoff);
        return total;
    }
}
