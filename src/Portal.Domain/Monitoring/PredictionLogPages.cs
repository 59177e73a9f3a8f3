using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// Streams one version's logged predictions in [from, to) page by page into a reused <see cref="LogChunk"/>: keyset
/// pagination on (At, Id) over the (ModelId, Version, At) index. The cursor is the last page's final time; rows
/// sharing that time are skipped by count within it (ordered by Id), so a page never rereads the window before it and
/// ties at a page edge are neither lost nor read twice.
/// </summary>
public static class PredictionLogPages
{
    public static async IAsyncEnumerable<LogChunk> ReadAsync(
        PortalDbContext db, Guid modelId, string version, DateTime from, DateTime to, LogChunk chunk, long maxRows,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = from;
        var skip = 0;
        long read = 0;
        while (read < maxRows)
        {
            var take = (int)Math.Min(chunk.Capacity, maxRows - read);
            var at = cursor;
            var page = await db.Predictions.AsNoTracking()
                .Where(p => p.ModelId == modelId && p.Version == version && p.At >= at && p.At < to)
                .OrderBy(p => p.At).ThenBy(p => p.Id)
                .Skip(skip).Take(take)
                .Select(p => new { p.At, p.Inputs, p.Score, p.Prediction, p.Label })
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                yield break;
            }

            chunk.Clear();
            foreach (var p in page)
            {
                chunk.Add(p.Inputs, p.Score, p.Prediction, p.Label);
            }

            read += page.Count;
            var last = page[^1].At;
            var tied = page.Count(p => p.At == last);
            skip = last == cursor ? skip + tied : tied;
            cursor = last;
            yield return chunk;
            if (page.Count < take)
            {
                yield break;
            }
        }
    }
}
