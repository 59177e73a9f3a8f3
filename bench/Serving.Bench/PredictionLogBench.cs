using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Serving.Bench;

/// <summary>
/// The prediction log writer alone on a SQLite file in WAL mode (as the portal opens it): records with 30 features
/// enqueued by two producer threads while the writer drains, timed until FlushAsync returns (everything durable).
/// </summary>
internal static class PredictionLogBench
{
    public static async Task RunAsync(int records, int[] batchSizes)
    {
        Console.WriteLine(FormattableString.Invariant($"prediction log: {records:N0} records of 30 features, 2 producers, SQLite WAL, {Environment.ProcessorCount} cores"));
        foreach (var batchSize in batchSizes)
        {
            await RunOnceAsync(records, batchSize);
        }
    }

    private static async Task RunOnceAsync(int records, int batchSize)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ml-bench-predlog-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "portal.db")}").Options;
            var contexts = new Contexts(options, new AuditKey(new byte[32]));
            await using (var db = contexts.CreateDbContext())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var prepared = Enumerable.Range(0, records).Select(Record).ToArray();
            using var writer = new PredictionLogWriter(
                contexts,
                Options.Create(new PredictionLogOptions { LogQueueCapacity = records + 1, LogBatchSize = batchSize }),
                TimeProvider.System,
                NullLogger<PredictionLogWriter>.Instance);
            await writer.StartAsync(CancellationToken.None);

            var cpuBefore = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            var enqueueTicks = new long[2];
            await Task.WhenAll(Enumerable.Range(0, 2).Select(p => Task.Run(() =>
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = p; i < prepared.Length; i += 2)
                {
                    writer.TryEnqueue(prepared[i]);
                }

                enqueueTicks[p] = Stopwatch.GetTimestamp() - start;
            })));
            await writer.FlushAsync(CancellationToken.None);
            watch.Stop();
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            await writer.StopAsync(CancellationToken.None);

            long stored;
            await using (var db = contexts.CreateDbContext())
            {
                stored = await db.Predictions.LongCountAsync();
            }

            var enqueueNs = enqueueTicks.Max() * 1e9 / Stopwatch.Frequency / (records / 2.0);
            Console.WriteLine(FormattableString.Invariant(
                $"batch {batchSize,5}: {records / watch.Elapsed.TotalSeconds,9:N0} records/s  ({watch.Elapsed.TotalSeconds:0.00} s until flushed, CPU {cpu.TotalSeconds:0.00} s = {cpu.TotalMicroseconds / records:0.0} µs/record)  enqueue {enqueueNs:0} ns/record  stored {stored:N0}  dropped {writer.Dropped}  lost {writer.Lost}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static PredictionRecord Record(int i)
    {
        var inputs = new StringBuilder("{");
        for (var f = 0; f < 30; f++)
        {
            inputs.Append(CultureInfo.InvariantCulture, $"{(f == 0 ? string.Empty : ",")}\"f{f:D2}\":{(i * 31 + f) % 1000 / 7.0:0.####}");
        }

        return new PredictionRecord
        {
            Id = Guid.CreateVersion7(),
            ModelId = Guid.Empty,
            ModelName = "fraud",
            Version = i % 10 == 0 ? "1.1.0" : "1.0.0",
            Inputs = inputs.Append('}').ToString(),
            Prediction = i % 2,
            Score = i % 100 / 100.0,
            LatencyMs = 0.02,
            RoutingKey = $"customer-{i % 50_000:D8}",
            At = DateTime.UtcNow,
        };
    }

    private sealed class Contexts(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
