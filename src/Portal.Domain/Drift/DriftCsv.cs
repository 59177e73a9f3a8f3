using System.Buffers;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// Reads a drift window from CSV (header row, comma separated, RFC 4180 quoting) against a model's feature schema.
/// Every schema feature must be a column; a <c>score</c> column is read as the model's score (concept drift) and a
/// <c>label</c> column is ignored. Empty cells and NaN are missing values; anything else that is not a number in a
/// numeric column, an unknown column, or a malformed row is refused with the row number (row 1 is the header).
/// The stream is read once, front to back, in 1 MiB buffers (an upload's body is parsed as it arrives: only the
/// parsed columns are kept, never the file).
/// </summary>
public static class DriftCsv
{
    public const string ScoreColumn = "score";
    public const string LabelColumn = "label";

    private const int BufferBytes = 1 << 20;

    public static DriftWindow Read(Stream csv, IReadOnlyList<FeatureDefinition> schema, string windowName)
    {
        using var window = ReadColumns(csv, schema, windowName);
        return window.ToWindow();
    }

    public static async Task<DriftWindow> ReadAsync(Stream csv, IReadOnlyList<FeatureDefinition> schema, string windowName, CancellationToken ct)
    {
        using var window = await ReadColumnsAsync(csv, schema, windowName, ct);
        return window.ToWindow();
    }

    /// <summary>The window's columns outside the GC (<see cref="DoubleColumn"/>), for a caller that consumes them once (the upload's analysis).</summary>
    internal static ParsedWindow ReadColumns(Stream csv, IReadOnlyList<FeatureDefinition> schema, string windowName)
    {
        RequireSchema(schema);
        using var reader = new DriftCsvReader(schema, windowName);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                buffer = Room(buffer, filled);
                var read = csv.Read(buffer, filled, buffer.Length - filled);
                filled = Feed(reader, buffer, filled, read);
                if (read == 0)
                {
                    return reader.Finish();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static async Task<ParsedWindow> ReadColumnsAsync(Stream csv, IReadOnlyList<FeatureDefinition> schema, string windowName, CancellationToken ct)
    {
        RequireSchema(schema);
        using var reader = new DriftCsvReader(schema, windowName);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                buffer = Room(buffer, filled);
                var read = await csv.ReadAsync(buffer.AsMemory(filled), ct);
                filled = Feed(reader, buffer, filled, read);
                if (read == 0)
                {
                    return reader.Finish();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RequireSchema(IReadOnlyList<FeatureDefinition> schema)
    {
        if (schema.Count == 0)
        {
            throw DomainException.Invalid("The model has no feature schema; declare its features before checking drift.");
        }
    }

    /// <summary>A buffer with free space after <paramref name="filled"/> bytes: the same one, or twice as large when one record fills it.</summary>
    private static byte[] Room(byte[] buffer, int filled)
    {
        if (filled < buffer.Length)
        {
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Parses what the buffer holds and moves the unparsed tail (a record cut by the read) to its front.</summary>
    private static int Feed(DriftCsvReader reader, byte[] buffer, int filled, int read)
    {
        filled += read;
        var used = reader.Feed(buffer.AsSpan(0, filled), final: read == 0);
        buffer.AsSpan(used, filled - used).CopyTo(buffer);
        return filled - used;
    }

    internal static (List<(FeatureDefinition Feature, int Index)> Features, int? Score) MapColumns(string[] header, IReadOnlyList<FeatureDefinition> schema, string windowName)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                throw DomainException.Invalid($"The {windowName} CSV has the column '{header[i]}' twice.");
            }
        }

        var missing = schema.Where(f => !index.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid($"The {windowName} CSV lacks the model's feature column(s): {string.Join(", ", missing)}.");
        }

        var known = schema.Select(f => f.Name).Append(ScoreColumn).Append(LabelColumn).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = header.Where(h => !known.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"The {windowName} CSV has column(s) that are not in the model's feature schema: {string.Join(", ", unknown)}.");
        }

        return (schema.Select(f => (f, index[f.Name])).ToList(), index.TryGetValue(ScoreColumn, out var s) ? s : null);
    }

    internal static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
