using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Training.Bench;

/// <summary>
/// Progress stored the way the retraining job stores it: <see cref="TrainingRunTracker.RecordTrialAsync"/> on a
/// migrated SQLite file (WAL, as the portal opens it) holding one TrainingRun row, after every trial.
/// </summary>
internal sealed class ProgressDatabase : IAsyncDisposable
{
    private readonly string directory;
    private readonly Contexts contexts;
    private readonly TrainingRunTracker tracker;
    private readonly Guid runId;

    private ProgressDatabase(string directory, Contexts contexts, TrainingRunTracker tracker, Guid runId)
    {
        this.directory = directory;
        this.contexts = contexts;
        this.tracker = tracker;
        this.runId = runId;
    }

    public static async Task<ProgressDatabase> CreateAsync(ModelTask task)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ml-bench-training-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "portal.db")}").Options;
        var key = new AuditKey(new byte[32]);
        var contexts = new Contexts(options, key);
        var run = new TrainingRun
        {
            ModelName = "bench-" + task.ToString().ToLowerInvariant(),
            ModelId = Guid.NewGuid(),
            Trigger = "bench",
            RequestedBy = "bench",
            State = TrainingRunState.Processing,
            CreatedAt = DateTime.UtcNow,
        };
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            db.TrainingRuns.Add(run);
            await db.SaveChangesAsync();
        }

        var audit = new AuditTrail(contexts, key, TimeProvider.System);
        var registry = new ModelRegistry(contexts, new LocalArtifactStore(Path.Combine(directory, "artifacts")), audit, TimeProvider.System);
        return new ProgressDatabase(directory, contexts, new TrainingRunTracker(contexts, registry, audit, TimeProvider.System), run.Id);
    }

    public async Task RecordAsync(TrialProgress progress, CancellationToken ct)
    {
        var trial = new TrialRecord(
            progress.Result.Number,
            "FastTree",
            progress.Result.Hyperparameters.Values.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value)),
            progress.Result.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value),
            double.IsFinite(progress.Result.Score) ? progress.Result.Score : null,
            progress.Result.Duration.TotalSeconds);
        await tracker.RecordTrialAsync(runId, trial, progress.Trial, progress.TotalTrials, double.IsFinite(progress.Best.Score) ? progress.Best.Score : null, ct);
    }

    public async Task<string> StoredTrialsAsync()
    {
        await using var db = contexts.CreateDbContext();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        return string.Create(CultureInfo.InvariantCulture, $"{run.TrialResults.Count} (trials completed {run.TrialsCompleted}/{run.TotalTrials}, best {run.BestScore:0.0000})");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class Contexts(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
