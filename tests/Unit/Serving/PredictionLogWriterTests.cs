using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Serving;

/// <summary>The prediction log writer over a real SQLite file: batches, drops, flush, retries.</summary>
public sealed class PredictionLogWriterTests : IAsyncLifetime
{
    private static readonly DateTime At = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Batches_write_every_record_with_its_fields_and_outside_the_audit_chain()
    {
        var auditBefore = await harness.CountAsync(db => db.AuditEvents);
        using var writer = Writer(harness.Contexts, new PredictionLogOptions { LogBatchSize = 64 });
        var records = Enumerable.Range(0, 1_000).Select(i => PredictionRecords.Make(i, At)).ToList();
        Assert.All(records, r => Assert.True(writer.TryEnqueue(r)));

        await writer.StartAsync(CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        await using var db = await harness.Contexts.CreateDbContextAsync();
        var stored = await db.Predictions.AsNoTracking().ToDictionaryAsync(p => p.Id);
        Assert.Equal(records.Count, stored.Count);
        foreach (var expected in records)
        {
            var actual = stored[expected.Id];
            Assert.Equal(
                (expected.ModelId, expected.ModelName, expected.Version, expected.Shadow, expected.Inputs, expected.Prediction, expected.Score, expected.LatencyMs, expected.RoutingKey, expected.At, expected.Succeeded, expected.Error, expected.Label),
                (actual.ModelId, actual.ModelName, actual.Version, actual.Shadow, actual.Inputs, actual.Prediction, actual.Score, actual.LatencyMs, actual.RoutingKey, actual.At, actual.Succeeded, actual.Error, actual.Label));
            Assert.Equal(DateTimeKind.Utc, actual.At.Kind);
        }

        // Queries compare the stored times as EF writes them (the retention job relies on it).
        Assert.Equal(500, await db.Predictions.CountAsync(p => p.At < At.AddMilliseconds(500)));
        Assert.Equal(auditBefore, await db.AuditEvents.CountAsync());
        Assert.Equal(0, writer.QueueDepth);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Full_queue_drops_and_counts_without_blocking_and_keeps_what_it_accepted()
    {
        // Not started yet: nothing drains, as when the database is slower than the traffic.
        using var writer = Writer(harness.Contexts, new PredictionLogOptions { LogQueueCapacity = 10 });

        var accepted = Enumerable.Range(0, 15).Count(i => writer.TryEnqueue(PredictionRecords.Make(i, At)));

        Assert.Equal(10, accepted);
        Assert.Equal(5, writer.Dropped);
        Assert.Equal(10, writer.QueueDepth);

        await writer.StartAsync(CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(10, await harness.CountAsync(db => db.Predictions));
        Assert.Equal(0, writer.QueueDepth);
        Assert.Equal(5, writer.Dropped);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Flush_makes_records_queued_before_it_visible()
    {
        using var writer = Writer(harness.Contexts, new PredictionLogOptions());
        await writer.StartAsync(CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None); // nothing queued: returns too

        for (var round = 1; round <= 3; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(writer.TryEnqueue(PredictionRecords.Make(i, At)));
            }

            await writer.FlushAsync(CancellationToken.None);
            Assert.Equal(round * 100, await harness.CountAsync(db => db.Predictions));
        }

        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_writes_everything_still_queued_and_later_records_count_as_dropped()
    {
        using var writer = Writer(harness.Contexts, new PredictionLogOptions { LogBatchSize = 50 });
        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(writer.TryEnqueue(PredictionRecords.Make(i, At)));
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(5_000, await harness.CountAsync(db => db.Predictions));
        Assert.False(writer.TryEnqueue(PredictionRecords.Make(1, At)));
        Assert.Equal(1, writer.Dropped);
        await writer.FlushAsync(CancellationToken.None); // after stop: returns, nothing pending
    }

    [Fact]
    public async Task Locked_database_is_retried_until_the_batch_is_written()
    {
        var contexts = new ShortTimeoutContexts(harness.DatabasePath, harness.Key);
        using var writer = Writer(contexts, new PredictionLogOptions { WriteAttempts = 1_000, RetryDelay = TimeSpan.FromMilliseconds(20) });
        using (var locker = await LockAsync(harness.DatabasePath))
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True(writer.TryEnqueue(PredictionRecords.Make(i, At)));
            }

            await writer.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => writer.Retries > 0);
        }

        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(50, await harness.CountAsync(db => db.Predictions));
        Assert.Equal(0, writer.Lost);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Batch_that_fails_every_retry_is_counted_as_lost_and_flush_says_so()
    {
        var contexts = new ShortTimeoutContexts(harness.DatabasePath, harness.Key);
        using var writer = Writer(contexts, new PredictionLogOptions { WriteAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) });
        using var locker = await LockAsync(harness.DatabasePath);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(writer.TryEnqueue(PredictionRecords.Make(i, At)));
        }

        await writer.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.FlushAsync(CancellationToken.None));
        Assert.Equal(20, writer.Lost);
        Assert.Equal(1, writer.Retries);
        Assert.Equal(0, writer.QueueDepth);
        Assert.Equal(0, writer.Dropped);
        locker.Dispose();
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Writer(harness.Contexts, new PredictionLogOptions { LogBatchSize = 0 }));
        Assert.Contains("Portal:Serving:LogBatchSize", error.Message, StringComparison.Ordinal);
    }

    private static PredictionLogWriter Writer(IDbContextFactory<PortalDbContext> contexts, PredictionLogOptions options) =>
        new(contexts, Options.Create(options), TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);

    /// <summary>Another connection holding SQLite's write lock, as a long writer elsewhere would.</summary>
    private static async Task<SqliteConnection> LockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition never held");
    }

    /// <summary>Contexts over the same file that give up on a lock after one second instead of thirty.</summary>
    private sealed class ShortTimeoutContexts(string path, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        private readonly DbContextOptions<SqlitePortalDbContext> options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite($"Data Source={path};Pooling=False;Default Timeout=1").Options;

        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
