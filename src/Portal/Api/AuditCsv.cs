using System.Globalization;
using CsvHelper;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Portal.Api;

/// <summary>Writes audit events as CSV (CsvHelper), oldest first, with the chain fields so an export can be re-verified.</summary>
public static class AuditCsv
{
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditEvent> events, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteHeader<AuditEvent>();
        await csv.NextRecordAsync();
        await foreach (var e in events.WithCancellation(ct))
        {
            csv.WriteRecord(e);
            await csv.NextRecordAsync();
        }
    }

    public static async Task<byte[]> ToBytesAsync(IAsyncEnumerable<AuditEvent> events, CancellationToken ct)
    {
        using var memory = new MemoryStream();
        await WriteAsync(memory, events, ct);
        return memory.ToArray();
    }
}
