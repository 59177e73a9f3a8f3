using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Monitoring;

/// <summary>The uploaded reference CSV over the real engine, a real SQLite file and the real artifact store.</summary>
public sealed class MonitoringReferencesTests : IAsyncDisposable
{
    private readonly EngineHarness h = new();

    public MonitoringReferencesTests() => References = new MonitoringReferences(h.Contexts, h.Artifacts, h.Audit, h.Clock);

    private MonitoringReferences References { get; }

    public ValueTask DisposeAsync() => h.DisposeAsync();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Rows(int n, bool scores = false) =>
        (scores ? "tenure,plan,score\n" : "tenure,plan\n")
        + string.Concat(Enumerable.Range(0, n).Select(i => scores ? $"{i},{(i % 3 == 0 ? "gold" : "basic")},0.{i % 10}\n" : $"{i},{(i % 3 == 0 ? "gold" : "basic")}\n"));

    private int StoredArtifacts() => Directory.Exists(h.ArtifactRoot) ? Directory.EnumerateFiles(h.ArtifactRoot, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith('.')) : 0;

    [Fact]
    public async Task An_engineer_uploads_replaces_and_removes_the_reference_each_audited()
    {
        await h.CreateModelAsync("churn");
        var first = await References.UploadAsync("churn", Csv(Rows(40)), "ref.csv", EngineHarness.Engineer, CancellationToken.None);
        Assert.Equal(40, first.Rows);
        Assert.False(first.HasScores);
        Assert.Equal("engineer@test", first.UploadedBy);
        Assert.True(await h.Artifacts.VerifyAsync(first.Sha256, CancellationToken.None));

        var second = await References.UploadAsync("churn", Csv(Rows(25, scores: true)), "ref2.csv", EngineHarness.Approver, CancellationToken.None);
        Assert.Equal(25, second.Rows);
        Assert.True(second.HasScores);
        Assert.Equal(second, await References.GetAsync("churn", CancellationToken.None));

        await References.RemoveAsync("churn", EngineHarness.Engineer, CancellationToken.None);
        Assert.Null(await References.GetAsync("churn", CancellationToken.None));
        var missing = await Assert.ThrowsAsync<DomainException>(() => References.RemoveAsync("churn", EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.NotFound, missing.Kind);

        await using var db = await h.Contexts.CreateDbContextAsync();
        var actions = await db.AuditEvents.Where(e => e.EntityId == "churn" && e.Action.StartsWith("monitoring.reference")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal(["monitoring.reference_uploaded", "monitoring.reference_uploaded", "monitoring.reference_removed"], actions);
        Assert.True((await h.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    public static TheoryData<string, string> BadCsvs() => new()
    {
        { "tenure\n1\n2\n", "lacks the model's feature column(s): plan" },
        { "tenure,plan,region\n1,a,x\n", "not in the model's feature schema: region" },
        { "tenure,plan\n1,gold\nabc,gold\n", "abc" },
        { "tenure,plan\n1,gold\n2,basic\n", "has 2 rows; a drift check needs at least 10" },
        { "", "file: the CSV is empty" },
    };

    [Theory]
    [MemberData(nameof(BadCsvs))]
    public async Task A_bad_csv_is_refused_with_the_drift_csv_message_and_changes_nothing(string csv, string expected)
    {
        await h.CreateModelAsync("churn");
        var stored = await References.UploadAsync("churn", Csv(Rows(30)), "good.csv", EngineHarness.Engineer, CancellationToken.None);
        var artifacts = StoredArtifacts();
        var events = await h.CountAsync(db => db.AuditEvents);

        var refused = await Assert.ThrowsAsync<DomainException>(() => References.UploadAsync("churn", Csv(csv), "bad.csv", EngineHarness.Engineer, CancellationToken.None));

        Assert.Equal(FailureKind.Validation, refused.Kind);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(stored, await References.GetAsync("churn", CancellationToken.None));
        Assert.Equal(artifacts, StoredArtifacts());
        Assert.Equal(events, await h.CountAsync(db => db.AuditEvents));
    }

    [Fact]
    public async Task Viewers_and_unknown_models_are_refused_before_anything_is_read()
    {
        await h.CreateModelAsync("churn");
        var body = Csv(Rows(30));
        var forbidden = await Assert.ThrowsAsync<DomainException>(() => References.UploadAsync("churn", body, "ref.csv", EngineHarness.Viewer, CancellationToken.None));
        Assert.Equal(FailureKind.Forbidden, forbidden.Kind);
        Assert.Equal(0, body.Position);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => References.UploadAsync("nope", body, "ref.csv", EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.NotFound, unknown.Kind);
        Assert.Equal(0, body.Position);
        Assert.Equal(0, await h.CountAsync(db => db.MonitoringReferences));
        Assert.Equal(0, StoredArtifacts());
    }
}
