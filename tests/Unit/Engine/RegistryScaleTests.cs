using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Engine;

/// <summary>
/// The registry's reads at scale, asserted on what the database does (rows each query reads, SQLite's query plans), not
/// on timing: a model with many versions must cost the same few indexed reads as one with two.
/// </summary>
public sealed class RegistryScaleTests : IAsyncLifetime
{
    private const int Versions = 600;
    private readonly EngineHarness h = new();
    private readonly QueryLog log = new();
    private ModelRegistry registry = default!;

    public async Task InitializeAsync()
    {
        await h.CreateModelAsync();
        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            var model = await db.Models.SingleAsync(m => m.Name == "churn");
            for (var i = 0; i < Versions; i++)
            {
                db.ModelVersions.Add(new ModelVersion
                {
                    ModelId = model.Id,
                    Version = $"1.{i}.0",
                    Major = 1,
                    Minor = i,
                    Sha256 = new string('a', 64),
                    SizeBytes = 1,
                    ArtifactFileName = "model.zip",
                    Metrics = new() { ["auc"] = 0.8 },
                    Stage = i % 3 == 0 ? Stage.Archived : Stage.None,
                    CreatedBy = "engineer@test",
                    CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
                });
            }

            await db.SaveChangesAsync();
        }

        // The same engine over the same file, with every command it sends recorded.
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite($"Data Source={h.DatabasePath};Pooling=False").AddInterceptors(log).Options;
        registry = new ModelRegistry(new Contexts(options, h.Key), h.Artifacts, h.Audit, h.Clock);
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Registering_a_version_reads_a_few_rows_however_many_versions_the_model_has()
    {
        var next = await registry.RegisterVersionAsync("churn", new VersionMetadata(ParentVersion: "1.5.0"), new MemoryStream([1, 2, 3]), "model.zip", EngineHarness.Engineer, CancellationToken.None);
        var given = await registry.RegisterVersionAsync("churn", new VersionMetadata("3.0.0-rc.1"), new MemoryStream([4]), "model.zip", EngineHarness.Engineer, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<DomainException>(() =>
            registry.RegisterVersionAsync("churn", new VersionMetadata("1.7.0"), new MemoryStream([5]), "model.zip", EngineHarness.Engineer, CancellationToken.None));
        var orphan = await Assert.ThrowsAsync<DomainException>(() =>
            registry.RegisterVersionAsync("churn", new VersionMetadata("4.0.0", ParentVersion: "0.9.9"), new MemoryStream([6]), "model.zip", EngineHarness.Engineer, CancellationToken.None));

        // Numeric order, not text: 1.599.0 is the newest of the seeded ones, so the next minor is 1.600.0.
        Assert.Equal("1.600.0", next.Version);
        Assert.Equal("3.0.0-rc.1", given.Version);
        Assert.Equal(FailureKind.Conflict, duplicate.Kind);
        Assert.Equal(FailureKind.Validation, orphan.Kind);
        var reads = VersionQueries();
        Assert.NotEmpty(reads);
        Assert.All(reads, c => Assert.True(c.Reads <= 2, $"{c.Reads} reads by: {c.Sql}"));
        await AssertIndexedAsync(reads);
    }

    [Fact]
    public async Task Version_pages_and_the_model_summary_walk_the_version_index_instead_of_sorting_every_version()
    {
        var first = await registry.ListVersionsAsync("churn", new PageRequest(1, 25), CancellationToken.None);
        var last = await registry.ListVersionsAsync("churn", new PageRequest(first.LastPage, 25), CancellationToken.None);
        var summary = await registry.GetModelAsync("churn", CancellationToken.None);

        Assert.Equal(Versions, first.Total);
        Assert.Equal("1.599.0", first.Items[0].Version);
        Assert.Equal("1.0.0", last.Items[^1].Version);
        Assert.Equal(Versions, summary.VersionCount);
        Assert.Equal("1.599.0", summary.LatestVersion);
        var reads = VersionQueries();
        Assert.All(reads, c => Assert.True(c.Reads <= 26, $"{c.Reads} reads by: {c.Sql}"));
        await AssertIndexedAsync(reads);
    }

    [Fact]
    public async Task Stage_history_is_paged_newest_first_with_the_total()
    {
        for (var i = 0; i < 5; i++)
        {
            h.Clock.Now = h.Clock.Now.AddMinutes(1);
            await registry.ChangeStageAsync("churn", $"1.{(i * 3) + 1}.0", "Staging", "ready", EngineHarness.Engineer, CancellationToken.None);
        }

        var first = await registry.StageHistoryAsync("churn", new PageRequest(1, 2), CancellationToken.None);
        var third = await registry.StageHistoryAsync("churn", new PageRequest(3, 2), CancellationToken.None);

        Assert.Equal(5, first.Total);
        Assert.Equal(["1.13.0", "1.10.0"], first.Items.Select(t => t.Version));
        Assert.Equal(["1.1.0"], third.Items.Select(t => t.Version));
        Assert.All(log.Commands.Where(c => c.Sql.Contains("\"StageTransitions\"", StringComparison.Ordinal)), c => Assert.True(c.Reads <= 3, c.Sql));
    }

    [Fact]
    public async Task Unhealthy_versions_come_from_the_healthy_index_newest_first()
    {
        var versionId = await IdOfAsync("1.7.0");
        await registry.MarkUnhealthyAsync("churn", versionId, "the file is missing", EngineHarness.Engineer, CancellationToken.None);

        var unhealthy = await registry.UnhealthyVersionsAsync(5, CancellationToken.None);

        var only = Assert.Single(unhealthy);
        Assert.Equal(("churn", "1.7.0", false), (only.Model, only.Version, only.Healthy));
        await AssertIndexedAsync(VersionQueries().Where(c => c.Sql.Contains("\"Healthy\"", StringComparison.Ordinal) && c.Sql.Contains("ORDER BY", StringComparison.Ordinal)), sortsFewRows: true);
    }

    [Fact]
    public async Task Dashboard_serving_rows_are_read_for_the_models_shown_only()
    {
        foreach (var name in new[] { "alpha", "beta" })
        {
            await h.CreateModelAsync(name);
            var request = await h.StagedRequestAsync(name, "1.0.0", 0.9);
            await h.Promotions.ApproveAsync(request.Id, "good", EngineHarness.Approver, CancellationToken.None);
        }

        var shown = await h.Deployments.SummariesAsync(["beta"], CancellationToken.None);
        var all = await h.Deployments.SummariesAsync(CancellationToken.None);

        Assert.Equal("beta", Assert.Single(shown).Model);
        Assert.Equal(["alpha", "beta"], all.Select(s => s.Model));
    }

    private async Task<Guid> IdOfAsync(string version)
    {
        await using var db = await h.Contexts.CreateDbContextAsync();
        return await db.ModelVersions.Where(v => v.Version == version).Select(v => v.Id).SingleAsync();
    }

    private List<RecordedCommand> VersionQueries() => log.Commands
        .Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && c.Sql.Contains("\"ModelVersions\"", StringComparison.Ordinal))
        .ToList();

    /// <summary>SQLite's own plan for each recorded query: no full scan of the versions, no sort of all of them.</summary>
    private async Task AssertIndexedAsync(IEnumerable<RecordedCommand> commands, bool sortsFewRows = false)
    {
        await using var connection = new SqliteConnection($"Data Source={h.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        foreach (var c in commands)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + c.Sql;
            foreach (var (name, value) in c.Parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            var text = string.Join(" | ", plan);
            // Aliases differ per query, so any full scan fails (SELECT EXISTS(...) shows a harmless SCAN CONSTANT ROW).
            // A SCAN of a sub-query's own rows (CO-ROUTINE / MATERIALIZE) is of its few results, not of a table.
            var subqueries = plan.Where(p => p.StartsWith("CO-ROUTINE ", StringComparison.Ordinal) || p.StartsWith("MATERIALIZE ", StringComparison.Ordinal))
                .Select(p => "SCAN " + p[(p.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToHashSet();
            Assert.False(plan.Any(p => p.StartsWith("SCAN ", StringComparison.Ordinal) && p != "SCAN CONSTANT ROW" && !subqueries.Contains(p)), $"full scan: {text} for {c.Sql}");
            Assert.False(!sortsFewRows && plan.Contains("USE TEMP B-TREE FOR ORDER BY"), $"sorts every version: {text} for {c.Sql}");
        }
    }

    private sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
    {
        /// <summary>The reader's Read() calls, including the one that finds the end: rows + 1 for a list read to its end.</summary>
        public int Reads { get; set; }
    }

    /// <summary>Records each query's text, parameters and how many times its reader was read.</summary>
    private sealed class QueryLog : DbCommandInterceptor
    {
        private readonly Dictionary<DbCommand, RecordedCommand> open = [];

        public List<RecordedCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            lock (open)
            {
                if (open.Remove(command, out var recorded))
                {
                    recorded.Reads = eventData.ReadCount;
                }
            }

            return result;
        }

        private void Record(DbCommand command)
        {
            var recorded = new RecordedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList());
            lock (open)
            {
                open[command] = recorded;
                Commands.Add(recorded);
            }
        }
    }

    private sealed class Contexts(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
