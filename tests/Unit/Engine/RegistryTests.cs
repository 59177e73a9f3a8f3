using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class RegistryTests : IAsyncLifetime
{
    private readonly EngineHarness engine = new();

    public Task InitializeAsync() => engine.CreateModelAsync();

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task Version_is_stored_by_sha256_and_auto_increments_minor()
    {
        var first = await engine.RegisterAsync("churn", null, 0.8);
        var second = await engine.RegisterAsync("churn", null, 0.81);

        Assert.Equal("1.0.0", first.Version);
        Assert.Equal("1.1.0", second.Version);
        var bytes = System.Text.Encoding.UTF8.GetBytes("model-bytes--0.8");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), first.Sha256);
        Assert.True(File.Exists(Path.Combine(engine.ArtifactRoot, first.Sha256[..2], first.Sha256)));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_changes_nothing()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.8);
        var eventsBefore = await engine.CountAsync(db => db.AuditEvents);

        await AssertRefused(FailureKind.Conflict, () => engine.RegisterAsync("churn", "1.0.0", 0.9));
        await AssertRefused(FailureKind.Validation, () => engine.RegisterAsync("churn", "1.0", 0.9));
        await AssertRefused(FailureKind.NotFound, () => engine.RegisterAsync("nope", "1.0.0", 0.9));
        await AssertRefused(FailureKind.Validation, () => engine.Registry.RegisterVersionAsync("churn", new VersionMetadata("2.0.0"), new MemoryStream(), "m.zip", EngineHarness.Engineer, CancellationToken.None));
        await AssertRefused(FailureKind.Validation, () => engine.Registry.RegisterVersionAsync("churn", new VersionMetadata("2.0.0"), new MemoryStream([1]), "m.pkl", EngineHarness.Engineer, CancellationToken.None));
        await AssertRefused(FailureKind.Validation, () => engine.Registry.RegisterVersionAsync("churn", new VersionMetadata("2.0.0", new() { ["auc"] = double.NaN }), new MemoryStream([1]), "m.zip", EngineHarness.Engineer, CancellationToken.None));
        await AssertRefused(FailureKind.Validation, () => engine.Registry.ChangeStageAsync("churn", "1.0.0", "Live", null, EngineHarness.Engineer, CancellationToken.None));
        await AssertRefused(FailureKind.Forbidden, () => engine.Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, EngineHarness.Viewer, CancellationToken.None));
        await AssertRefused(FailureKind.Conflict, () => engine.CreateModelAsync("churn"));

        Assert.Equal(1, await engine.CountAsync(db => db.ModelVersions));
        Assert.Equal(eventsBefore, await engine.CountAsync(db => db.AuditEvents));
    }

    [Fact]
    public async Task Tampered_artifact_is_refused_marked_unhealthy_and_audited()
    {
        var version = await engine.RegisterAsync("churn", "1.0.0", 0.8);
        await File.WriteAllTextAsync(Path.Combine(engine.ArtifactRoot, version.Sha256[..2], version.Sha256), "evil");

        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Registry.OpenArtifactAsync("churn", "1.0.0", EngineHarness.Viewer, CancellationToken.None));

        Assert.Equal(FailureKind.Integrity, ex.Kind);
        Assert.False((await engine.Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Healthy);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "artifact.integrity_failed")));
    }

    [Fact]
    public async Task Intact_artifact_downloads_the_uploaded_bytes()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.8, content: "abc");
        var (content, _) = await engine.Registry.OpenArtifactAsync("churn", "1.0.0", EngineHarness.Viewer, CancellationToken.None);
        using var reader = new StreamReader(content);
        Assert.Equal("abc-1.0.0-0.8", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Compare_marks_differing_metrics_and_hyperparameters()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.8);
        await engine.RegisterAsync("churn", "1.1.0", 0.9);
        var comparison = await engine.Registry.CompareAsync("churn", ["1.0.0", "1.1.0"], CancellationToken.None);
        var auc = Assert.Single(comparison.Metrics);
        Assert.True(auc.Differs);
        Assert.Equal([0.8, 0.9], auc.Values.Select(v => v!.Value));
    }

    [Fact]
    public async Task Editing_a_stored_audit_row_by_hand_is_reported_by_verify()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.8);
        await engine.RegisterAsync("churn", "1.1.0", 0.8);
        Assert.True((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);

        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            var victim = await db.AuditEvents.OrderBy(e => e.Sequence).Skip(1).FirstAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEvents SET Actor = 'someone-else' WHERE Id = {victim.Id}");
            var result = await engine.Audit.VerifyAsync(CancellationToken.None);
            Assert.False(result.Valid);
            Assert.Equal(victim.Id, result.FirstBrokenEventId);
        }
    }

    [Fact]
    public async Task Deleting_the_newest_audit_row_is_reported_by_verify()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.8);
        await using var db = await engine.Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents)");
        Assert.False((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task Concurrent_writers_never_fork_the_audit_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => engine.RegisterAsync("churn", $"1.{i}.0", 0.8, content: $"c{i}")));
        var verification = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.True(verification.Valid, verification.Message);
        Assert.Equal(9, verification.Events);
    }

    private static async Task AssertRefused(FailureKind kind, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(action);
        Assert.Equal(kind, ex.Kind);
    }
}
