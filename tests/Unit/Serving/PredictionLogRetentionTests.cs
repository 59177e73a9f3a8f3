using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Jobs.Maintenance;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Serving;

/// <summary>The retention job over a real SQLite file: only records past the retention are deleted, chunk by chunk.</summary>
public sealed class PredictionLogRetentionTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Purge_deletes_only_records_older_than_the_retention_in_chunks()
    {
        var now = harness.Clock.GetUtcNow().UtcDateTime;
        var old = Enumerable.Range(0, 10).Select(i => PredictionRecords.Make(i, now.AddDays(-31 - i))).ToList();
        var kept = new[]
        {
            PredictionRecords.Make(100, now.AddDays(-30).AddMinutes(1)),
            PredictionRecords.Make(101, now.AddDays(-1)),
            PredictionRecords.Make(102, now),
        };
        await using (var db = await harness.Contexts.CreateDbContextAsync())
        {
            db.Predictions.AddRange(old);
            db.Predictions.AddRange(kept);
            await db.SaveChangesAsync();
        }

        var retention = new PredictionLogRetention(
            harness.Contexts, Options.Create(new PredictionLogOptions { LogRetentionDays = 30 }), harness.Clock, NullLogger<PredictionLogRetention>.Instance)
        {
            ChunkSize = 3,
        };

        var deleted = await new PurgePredictionLogJob(retention).RunAsync(CancellationToken.None);

        Assert.Equal(10, deleted);
        await using var check = await harness.Contexts.CreateDbContextAsync();
        Assert.Equal(kept.Select(k => k.Id).Order(), check.Predictions.Select(p => p.Id).AsEnumerable().Order());
        Assert.Equal(0, await new PurgePredictionLogJob(retention).RunAsync(CancellationToken.None));
    }
}
