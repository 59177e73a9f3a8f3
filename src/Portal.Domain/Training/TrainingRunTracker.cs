using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// The job's side of a run: claim it, record each trial, and end it (succeeded with its version, cancelled, failed).
/// Start and end are audited state changes guarded by the run's concurrency token; per-trial progress is not audited
/// (it is the run's live state, not a decision) and leaves the token alone, so a cancel request never conflicts with it.
/// </summary>
public sealed class TrainingRunTracker(IDbContextFactory<PortalDbContext> contexts, ModelRegistry registry, AuditTrail audit, TimeProvider clock)
{
    /// <summary>
    /// Claims the run for the job <paramref name="jobId"/> and marks it processing (attempt + 1). Null when there is
    /// nothing to do: the run is finished, or it belongs to another job (a stale job of a re-queued run). A run whose
    /// cancellation was asked before it started ends cancelled here.
    /// </summary>
    public async Task<TrainingStart?> StartAsync(Guid runId, string? jobId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || run.IsFinished || (jobId is not null && run.HangfireJobId is { } owner && owner != jobId))
        {
            return null;
        }

        var before = TrainingRunView.From(run, withTrials: false);
        var now = clock.GetUtcNow().UtcDateTime;
        run.HangfireJobId ??= jobId;
        run.ConcurrencyStamp = Guid.NewGuid();
        if (run.CancelRequested)
        {
            run.State = TrainingRunState.Cancelled;
            run.FinishedAt = now;
            audit.Record(db, Actor.System, "training.cancelled", "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false), "Cancelled before it started.");
            await db.SaveChangesAsync(ct);
            return null;
        }

        var model = await db.Models.AsNoTracking().SingleAsync(m => m.Id == run.ModelId, ct);

        // A new attempt starts from the first trial: what an interrupted attempt recorded is replaced as it goes.
        run.State = TrainingRunState.Processing;
        run.Attempts++;
        run.StartedAt = now;
        run.TrialsCompleted = 0;
        run.BestScore = null;
        run.TrialResults = [];
        run.Error = null;
        audit.Record(db, Actor.System, "training.started", "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false));
        await db.SaveChangesAsync(ct);

        var launcher = new Actor(run.RequestedById, run.RequestedBy, new HashSet<string> { PortalRoles.Engineer });
        return new TrainingStart(
            run.Id, model.Name, model.Task, model.Features, model.MetricGate, run.DatasetVersion,
            Enum.Parse<TrainerFamily>(run.TrainerFamily ?? TrainerFamilies.Default(model.Task).ToString()),
            run.Method, run.Trials, run.Seed, run.Attempts, launcher);
    }

    /// <summary>Stores a finished trial and the best score so far; returns true when someone asked to cancel the run.</summary>
    public async Task<bool> RecordTrialAsync(Guid runId, TrialRecord trial, int completed, int total, double? bestScore, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, ct);
        run.TrialResults = [.. run.TrialResults.Where(t => t.Number != trial.Number), trial];
        run.TrialsCompleted = completed;
        run.TotalTrials = total;
        run.BestScore = bestScore;
        await db.SaveChangesAsync(ct);
        return run.CancelRequested;
    }

    public async Task<bool> CancelRequestedAsync(Guid runId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync(ct);
    }

    public Task CancelledAsync(Guid runId, CancellationToken ct) =>
        EndAsync(runId, TrainingRunState.Cancelled, null, "training.cancelled", "Stopped between trials on request.", ct);

    public Task FailedAsync(Guid runId, string error, CancellationToken ct) =>
        EndAsync(runId, TrainingRunState.Failed, error.Length > FieldLimits.Reason ? error[..FieldLimits.Reason] : error, "training.failed", null, ct);

    /// <summary>
    /// Registers the trained version (lineage: parent = the Production version, else the newest) and marks the run
    /// succeeded in the same transaction, as the person who launched it. If the run was taken away meanwhile (its
    /// token changed), nothing is registered; the artifact already stored is then unreferenced and swept.
    /// </summary>
    public async Task<VersionView> CompleteAsync(TrainingStart start, byte[] artifact, TrainedVersion trained, CancellationToken ct)
    {
        string? parent;
        string datasetHash;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var model = await ModelRegistry.FindModelAsync(db, start.ModelName, ct);
            var versions = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id).ToListAsync(ct);
            parent = (versions.Where(v => v.Stage == Stage.Production).OrderByDescending(v => v.SemVer).FirstOrDefault()
                ?? versions.OrderByDescending(v => v.SemVer).FirstOrDefault())?.Version;
            datasetHash = await db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id && d.Version == start.DatasetVersion).Select(d => d.Sha256).SingleAsync(ct);
        }

        var metadata = new VersionMetadata(
            Metrics: trained.Metrics,
            Hyperparameters: trained.Hyperparameters,
            ParentVersion: parent,
            Notes: trained.Notes.Length > FieldLimits.Notes ? trained.Notes[..FieldLimits.Notes] : trained.Notes,
            DatasetVersion: start.DatasetVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DatasetHash: datasetHash,
            TrainingRun: start.RunId.ToString());
        // Two runs of one model finishing together both pick the next version number; the loser takes the one after.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new MemoryStream(artifact, writable: false);
                return await RegisterAsync(start, metadata, content, ct);
            }
            catch (DomainException ex) when (ex.Kind == FailureKind.Conflict && attempt < 5)
            {
                // The version number was taken meanwhile: number it again, unless the run itself was taken away.
                if (!await StillProcessingAsync(start.RunId, ct))
                {
                    throw;
                }
            }
        }
    }

    private async Task<bool> StillProcessingAsync(Guid runId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TrainingRuns.AnyAsync(r => r.Id == runId && r.State == TrainingRunState.Processing && !r.CancelRequested, ct);
    }

    private Task<VersionView> RegisterAsync(TrainingStart start, VersionMetadata metadata, Stream artifact, CancellationToken ct) =>
        registry.RegisterVersionAsync(start.ModelName, metadata, artifact, $"{start.ModelName}.zip", start.Launcher, async (db, version, token) =>
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == start.RunId, token);
            if (run.State != TrainingRunState.Processing || run.CancelRequested)
            {
                throw DomainException.Conflict($"Training job {run.Id} is {TrainingRunView.StateName(run.State)}{(run.CancelRequested ? " (cancel requested)" : "")}; its version is not registered.");
            }

            var before = TrainingRunView.From(run, withTrials: false);
            run.State = TrainingRunState.Succeeded;
            run.ResultVersion = version.Version;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            run.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(db, Actor.System, "training.succeeded", "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false));
        }, ct);

    private async Task EndAsync(Guid runId, TrainingRunState state, string? error, string action, string? reason, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, ct);
        if (run.IsFinished)
        {
            return;
        }

        var before = TrainingRunView.From(run, withTrials: false);
        run.State = state;
        run.Error = error;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        run.ConcurrencyStamp = Guid.NewGuid();
        audit.Record(db, Actor.System, action, "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false), reason ?? error);
        await db.SaveChangesAsync(ct);
    }
}
