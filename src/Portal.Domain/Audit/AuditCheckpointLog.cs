using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Audit;

/// <summary>One signed statement "the chain had <see cref="Sequence"/> events ending in <see cref="Hash"/> at <see cref="At"/>".</summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("hmac")] string Hmac)
{
    public static string Sign(ReadOnlySpan<byte> key, long sequence, string hash, DateTime at) => AuditChain.Mac(key, "checkpoint",
        sequence.ToString(CultureInfo.InvariantCulture), hash, at.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture));

    public bool IsSignedWith(ReadOnlySpan<byte> key) => AuditChain.HexEquals(Hmac, Sign(key, Sequence, Hash, At));
}

/// <summary>What the checkpoint file holds: the checkpoints whose signature holds, and the lines that were forged or edited.</summary>
public sealed record AuditCheckpointFile(IReadOnlyList<AuditCheckpoint> Valid, IReadOnlyList<int> ForgedLines)
{
    public AuditCheckpoint? Latest => Valid.Count == 0 ? null : Valid.MaxBy(c => c.Sequence);
}

/// <summary>Where and how often checkpoints are written.</summary>
public sealed record AuditCheckpointOptions(string Directory, int EveryEvents = 100);

/// <summary>
/// Signed checkpoints of the chain written outside the database, as CloudTrail's digest files: one JSON line per
/// checkpoint appended to <c>audit-checkpoints.jsonl</c>, and the same line in the log. Someone who can edit the
/// database but not this file (or its backup, or the log) cannot truncate or rewrite the chain before the latest
/// checkpoint unnoticed. Several processes may append to the same file: each line is one append.
/// </summary>
public sealed class AuditCheckpointLog(AuditCheckpointOptions options, AuditKey key, TimeProvider clock, ILogger<AuditCheckpointLog>? logger = null)
{
    public const string FileName = "audit-checkpoints.jsonl";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ILogger logger = logger ?? NullLogger<AuditCheckpointLog>.Instance;
    private readonly SemaphoreSlim gate = new(1, 1);
    private long? lastWritten;

    public string FilePath { get; } = Path.Combine(options.Directory, FileName);

    /// <summary>Called after every commit that extended the chain: writes a checkpoint once enough events have passed.</summary>
    public async Task OnCommittedAsync(long sequence, string hash, CancellationToken ct)
    {
        try
        {
            lastWritten ??= (await ReadAsync(ct)).Latest?.Sequence ?? 0;
            if (sequence - lastWritten.Value >= options.EveryEvents)
            {
                await WriteAsync(sequence, hash, ct);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The change is committed already; failing the request now would only hide it from its author.
            this.logger.LogError(ex, "Could not write an audit checkpoint to {Path}.", FilePath);
        }
    }

    /// <summary>The timed check: writes a checkpoint of the current head if the chain moved since the last one.</summary>
    public async Task WriteIfMovedAsync(IDbContextFactory<PortalDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        lastWritten ??= (await ReadAsync(ct)).Latest?.Sequence ?? 0;
        if (head.LastSequence == 0 || head.LastSequence == lastWritten)
        {
            return;
        }

        // Never vouch for a head that was rewound or edited in the database.
        if (!AuditChain.HexEquals(head.Hmac, AuditChain.ComputeHeadMac(key.Value, head.LastSequence, head.LastHash)))
        {
            logger.LogError("Audit chain head {Sequence} has an invalid HMAC: no checkpoint written. Run audit verify.", head.LastSequence);
            return;
        }

        await WriteAsync(head.LastSequence, head.LastHash, ct);
    }

    public async Task<AuditCheckpoint> WriteAsync(long sequence, string hash, CancellationToken ct)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        var checkpoint = new AuditCheckpoint(sequence, hash, at, AuditCheckpoint.Sign(key.Value, sequence, hash, at));
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint, Json) + "\n");
        await gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(options.Directory);
            // One write per line on a file opened for append: concurrent writers (other processes) never interleave within a line.
            await using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.WriteThrough);
            await file.WriteAsync(line, ct);
            lastWritten = Math.Max(lastWritten ?? 0, sequence);
        }
        finally
        {
            gate.Release();
        }

        logger.LogInformation("Audit checkpoint {Checkpoint}", Encoding.UTF8.GetString(line).TrimEnd());
        return checkpoint;
    }

    /// <summary>Reads every checkpoint; lines cut short by a crash are skipped, lines whose signature fails are reported.</summary>
    public async Task<AuditCheckpointFile> ReadAsync(CancellationToken ct)
    {
        var valid = new List<AuditCheckpoint>();
        var forged = new List<int>();
        if (!File.Exists(FilePath))
        {
            return new AuditCheckpointFile(valid, forged);
        }

        await using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AuditCheckpoint? checkpoint;
            try
            {
                checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
            }
            catch (JsonException)
            {
                continue;
            }

            if (checkpoint is null || checkpoint.Hash is null || checkpoint.Hmac is null)
            {
                continue;
            }

            if (checkpoint.IsSignedWith(key.Value))
            {
                valid.Add(checkpoint with { At = DateTime.SpecifyKind(checkpoint.At.ToUniversalTime(), DateTimeKind.Utc) });
            }
            else
            {
                forged.Add(number);
            }
        }

        return new AuditCheckpointFile(valid, forged);
    }
}
