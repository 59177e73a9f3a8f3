using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Tests.Unit.Engine;

/// <summary>A movable clock: a real TimeProvider whose "now" the test sets.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The real engine over a real SQLite database file and a real artifact folder, in a temp directory per test.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public static readonly Actor Engineer = new("u-eng", "engineer@test", new HashSet<string> { PortalRoles.Engineer });
    public static readonly Actor Engineer2 = new("u-eng2", "engineer2@test", new HashSet<string> { PortalRoles.Engineer });
    public static readonly Actor Approver = new("u-app", "approver@test", new HashSet<string> { PortalRoles.Approver });
    public static readonly Actor Approver2 = new("u-app2", "approver2@test", new HashSet<string> { PortalRoles.Approver });
    public static readonly Actor Viewer = new("u-view", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"ml-unit-{Guid.NewGuid():N}");

    public EngineHarness(int checkpointEvery = 100)
    {
        Directory.CreateDirectory(directory);
        Key = new AuditKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        DatabasePath = Path.Combine(directory, "portal.db");
        Checkpoints = new AuditCheckpointLog(new AuditCheckpointOptions(Path.Combine(directory, "audit-checkpoints"), checkpointEvery), Key, Clock);
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite($"Data Source={DatabasePath};Pooling=False")
            .AddInterceptors(new AuditCheckpointInterceptor(Checkpoints)).Options;
        Contexts = new Factory(options, Key);
        using (var db = Contexts.CreateDbContext())
        {
            db.Database.Migrate();
        }

        Artifacts = new LocalArtifactStore(Path.Combine(directory, "artifacts"));
        ArtifactRoot = Path.Combine(directory, "artifacts");
        Audit = new AuditTrail(Contexts, Key, Clock, Checkpoints);
        Registry = new ModelRegistry(Contexts, Artifacts, Audit, Clock, ServingChanges);
        Deployments = new DeploymentService(Contexts, Registry, Audit, Clock, ServingChanges, Options.Create(new DeploymentOptions()));
        Promotions = new PromotionService(Contexts, Registry, Artifacts, Audit, Clock, Options.Create(new ApprovalOptions { RequestLifetime = TimeSpan.FromDays(2) }), Deployments);
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public AuditKey Key { get; }

    /// <summary>The SQLite file, for tests that tamper with it as an attacker with database access would.</summary>
    public string DatabasePath { get; }

    /// <summary>Runs raw SQL on the database file behind the engine's back (what an attacker with file access does).</summary>
    public void ExecuteSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Reads one value with raw SQL from the database file.</summary>
    public object? ScalarSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public AuditCheckpointLog Checkpoints { get; }

    public IDbContextFactory<PortalDbContext> Contexts { get; }

    public LocalArtifactStore Artifacts { get; }

    public string ArtifactRoot { get; }

    public AuditTrail Audit { get; }

    public ModelRegistry Registry { get; }

    public PromotionService Promotions { get; }

    public ServingChanges ServingChanges { get; } = new();

    public DeploymentService Deployments { get; }

    public async Task<ModelSummary> CreateModelAsync(string name = "churn", MetricGate? gate = null) =>
        await Registry.CreateModelAsync(
            new CreateModel(name, "binary_classification", "test model", [new("tenure", "numeric"), new("plan", "categorical")], null, gate ?? new MetricGate("auc", 0.85)),
            Engineer, CancellationToken.None);

    public async Task<VersionView> RegisterAsync(string model, string? version, double auc, string content = "model-bytes")
    {
        using var artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{content}-{version}-{auc}"));
        return await Registry.RegisterVersionAsync(model, new VersionMetadata(version, new Dictionary<string, double> { ["auc"] = auc }), artifact, "model.zip", Engineer, CancellationToken.None);
    }

    /// <summary>Registers a version, moves it to Staging and requests Production as the engineer.</summary>
    public async Task<PromotionView> StagedRequestAsync(string model, string version, double auc)
    {
        await RegisterAsync(model, version, auc);
        await Registry.ChangeStageAsync(model, version, "Staging", "ready", Engineer, CancellationToken.None);
        return await Promotions.RequestAsync(model, version, "Production", "better", Engineer, CancellationToken.None);
    }

    public async Task<int> CountAsync<T>(Func<PortalDbContext, IQueryable<T>> set)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await set(db).CountAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp.
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Factory(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
