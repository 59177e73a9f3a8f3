using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Storage;

// Audit verify over a real SQLite file: builds a chain of N events (default 1,000,000) once, then times
// AuditTrail.VerifyAsync, the same code the portal's "Verify chain" button and GET /api/v1/audit/verify run.
// Usage: dotnet run -c Release --project bench/Audit.Bench -- [events] [database path] [runs]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"audit-bench-{events}.db");
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var key = new AuditKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options;
var contexts = new Contexts(options, key);

await using (var db = contexts.CreateDbContext())
{
    await db.Database.MigrateAsync();
    var existing = await db.AuditEvents.CountAsync();
    if (existing != events)
    {
        Console.WriteLine($"Building {events:N0} events in {path} …");
        var build = Stopwatch.StartNew();
        await BuildAsync(path, key.Value, events);
        Console.WriteLine($"built in {build.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1048576.0:F0} MiB)");
    }
}

var trail = new AuditTrail(contexts, key, TimeProvider.System);
var self = Process.GetCurrentProcess();
// For comparison: reading the chain as EF entities (streamed, no tracking, no hashing), as verify did before it read
// SQLite's column bytes into reused rows.
for (var run = 1; run <= 1; run++)
{
    var cpu0 = self.TotalProcessorTime;
    var read = Stopwatch.StartNew();
    await using var db = contexts.CreateDbContext();
    var n = 0;
    await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable())
    {
        n += e.Hash.Length > 0 ? 1 : 0;
    }

    self.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EF read only (for comparison): {read.Elapsed.TotalSeconds:F2} s wall, {(self.TotalProcessorTime - cpu0).TotalSeconds:F2} s CPU, {n:N0} events"));
}
for (var run = 1; run <= runs; run++)
{
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    self.Refresh();
    var cpu = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var result = await trail.VerifyAsync(CancellationToken.None);
    watch.Stop();
    var process = self;
    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run}: {watch.Elapsed.TotalSeconds:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, valid={result.Valid}, events={result.Events:N0}, allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F0} MiB, peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB, GC heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MiB"));
}

static async Task BuildAsync(string path, byte[] key, int count)
{
    await using var connection = new SqliteConnection($"Data Source={path}");
    await connection.OpenAsync();
    await using (var clear = connection.CreateCommand())
    {
        clear.CommandText = "DELETE FROM AuditEvents; PRAGMA journal_mode=WAL;";
        await clear.ExecuteNonQueryAsync();
    }

    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = """
        INSERT INTO AuditEvents (Sequence, At, Actor, Action, EntityType, EntityId, Before, After, Reason, PreviousHash, Hash)
        VALUES ($s, $at, $actor, $action, $type, $id, $before, $after, $reason, $prev, $hash)
        """;
    var p = new[] { "$s", "$at", "$actor", "$action", "$type", "$id", "$before", "$after", "$reason", "$prev", "$hash" }
        .Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
    var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    var hash = "";
    for (var i = 0; i < count; i++)
    {
        // Shapes like the portal's own events: a version moving stage, with before/after snapshots and a reason.
        var e = new AuditEvent
        {
            At = start.AddTicks(i * 3_217_000L + (i % 7)),
            Actor = $"engineer{i % 20}@example.com",
            Action = "version.stage_changed",
            EntityType = "version",
            EntityId = $"credit-risk-{i % 50}@1.{i % 9}.{i % 13}",
            Before = $$"""{"stage":"Staging","model":"credit-risk-{{i % 50}}"}""",
            After = $$$"""{"stage":"Production","model":"credit-risk-{{{i % 50}}}","metrics":{"auc":0.9{{{i % 10}}}}}""",
            Reason = i % 3 == 0 ? null : "approved after review",
        };
        AuditChain.Seal(key, e, i, hash);
        hash = e.Hash;
        object?[] values = [e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash];
        for (var k = 0; k < p.Length; k++)
        {
            p[k].Value = values[k] ?? DBNull.Value;
        }

        await insert.ExecuteNonQueryAsync();
    }

    await using (var head = connection.CreateCommand())
    {
        head.Transaction = transaction;
        head.CommandText = "UPDATE AuditChainHeads SET LastSequence = $s, LastHash = $h, Hmac = $m";
        head.Parameters.AddWithValue("$s", (long)count);
        head.Parameters.AddWithValue("$h", hash);
        head.Parameters.AddWithValue("$m", AuditChain.ComputeHeadMac(key, count, hash));
        await head.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
}

internal sealed class Contexts(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
}
