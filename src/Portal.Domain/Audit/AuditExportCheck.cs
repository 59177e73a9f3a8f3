using System.Globalization;

namespace ModelLifecycle.Domain.Audit;

/// <summary>Outcome of checking an exported CSV offline.</summary>
public sealed record AuditExportResult(bool Valid, int Events, int? BrokenRow, long? FirstSequence, long? LastSequence, string? LastHash, string Message);

/// <summary>
/// Verifies an audit CSV export (<see cref="AuditCsvFormat"/>) with the key, without the database: sequences are
/// contiguous from the first row, each row's link is the previous row's hash, and each hash is the HMAC of its row.
/// The first row's own link cannot be checked against a row that is not in the file (unless it is sequence 1).
/// </summary>
public static class AuditExportCheck
{
    public static AuditExportResult Verify(ReadOnlySpan<byte> key, TextReader csv)
    {
        var keyBytes = key.ToArray();
        AuditChainWalk? walk = null;
        try
        {
            return Verify(keyBytes, csv, ref walk);
        }
        finally
        {
            walk?.Dispose();
        }
    }

    private static AuditExportResult Verify(byte[] keyBytes, TextReader csv, ref AuditChainWalk? walk)
    {
        long? first = null;
        var row = 1;
        try
        {
            using var records = AuditCsvFormat.Read(csv).GetEnumerator();
            if (!records.MoveNext() || !records.Current.Cells.SequenceEqual(AuditCsvFormat.Columns))
            {
                return Broken(1, 0, null, null, $"Row 1: the header is not {string.Join(',', AuditCsvFormat.Columns)}.");
            }

            while (records.MoveNext())
            {
                var record = records.Current;
                row = record.Row;
                var e = ToEvent(record);
                if (walk is null)
                {
                    first = e.Sequence;
                    walk = new AuditChainWalk(keyBytes, e.Sequence - 1, e.PreviousHash);
                    if (e.Sequence == 1 && e.PreviousHash.Length != 0)
                    {
                        return Broken(row, 0, first, null, $"Row {row} (sequence 1): the first event of a chain has no previous hash.");
                    }
                }

                if (!walk.Accept(e))
                {
                    return Broken(row, walk.Count, first, walk.LastSequence, $"Row {row} (sequence {e.Sequence}): {walk.Problem}.");
                }
            }
        }
        catch (FormatException ex)
        {
            var at = ex.Data["row"] as int? ?? row;
            return Broken(at, walk?.Count ?? 0, first, walk?.LastSequence, ex.Data.Contains("row") ? ex.Message : $"Row {at}: {ex.Message}");
        }

        if (walk is null)
        {
            return new AuditExportResult(true, 0, null, null, null, null, "OK: the export holds no events.");
        }

        return new AuditExportResult(true, walk.Count, null, first, walk.LastSequence, walk.LastHash,
            $"OK: {walk.Count} events verified, sequences {first}–{walk.LastSequence}, last hash {walk.LastHash}. Compare the last hash with a checkpoint to rule out missing newest events.");
    }

    private static AuditExportResult Broken(int row, int verified, long? first, long? last, string message) =>
        new(false, verified, row, first, last, null, message);

    private static AuditEvent ToEvent(AuditCsvRecord r)
    {
        var c = r.Cells;
        if (c.Length != AuditCsvFormat.Columns.Length)
        {
            throw AuditCsvFormat.Error(r.Row, $"{c.Length} cells where {AuditCsvFormat.Columns.Length} were expected.");
        }

        if (!long.TryParse(c[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw AuditCsvFormat.Error(r.Row, $"sequence '{c[0]}' is not a number.");
        }

        if (c[1] is not { } at || !at.EndsWith('Z')
            || !DateTime.TryParseExact(at, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when))
        {
            throw AuditCsvFormat.Error(r.Row, $"at '{c[1]}' is not an ISO 8601 UTC time (yyyy-MM-ddTHH:mm:ss.fffffffZ).");
        }

        return new AuditEvent
        {
            Sequence = sequence,
            At = when,
            Actor = Required(r, 2),
            Action = Required(r, 3),
            EntityType = Required(r, 4),
            EntityId = Required(r, 5),
            Before = c[6],
            After = c[7],
            Reason = c[8],
            PreviousHash = Required(r, 9),
            Hash = Required(r, 10),
        };
    }

    private static string Required(AuditCsvRecord r, int index) =>
        r.Cells[index] ?? throw AuditCsvFormat.Error(r.Row, $"{AuditCsvFormat.Columns[index]} is empty.");
}
