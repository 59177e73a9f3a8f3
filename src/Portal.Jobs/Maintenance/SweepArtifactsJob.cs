using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Jobs.Maintenance;

/// <summary>Daily Hangfire job: removes orphan artifacts and temp files of interrupted uploads (also run at start).</summary>
public sealed class SweepArtifactsJob(ArtifactSweeper sweeper)
{
    public const string RecurringId = "sweep-artifacts";

    public Task<ArtifactSweepResult> RunAsync(CancellationToken ct) => sweeper.SweepAsync(ct);
}
