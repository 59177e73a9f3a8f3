using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Retraining runs as people see them: launch (validated, audited, queued), list and read, cancel, and the per-model
/// schedule. The queued job reports through <see cref="TrainingRunTracker"/>; the run's state lives in the database,
/// so every portal instance shows the same progress.
/// </summary>
public sealed class TrainingService(
    IDbContextFactory<PortalDbContext> contexts,
    ITrainingQueue queue,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<TrainingOptions> options)
{
    public const string ManualTrigger = "manual";
    public const string ScheduleTrigger = "schedule";

    public async Task<TrainingRunView> LaunchAsync(string modelName, RetrainInput? input, string trigger, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        input ??= new RetrainInput(null, null, null);
        var trials = input.Trials ?? throw DomainException.Invalid("trials: required, between 1 and 200.");
        FieldLimits.Check(trigger, FieldLimits.EnumName, "trigger");

        TrainingRun run;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
            var (family, method) = Search(model, input.Trainer, input.Method, trials);
            var dataset = await DatasetAsync(db, model, input.DatasetVersion, ct);
            run = new TrainingRun
            {
                ModelId = model.Id,
                ModelName = model.Name,
                DatasetVersion = dataset.Version,
                TrainerFamily = family.ToString(),
                Method = method,
                Trials = trials,
                TotalTrials = SearchStrategies.Create(method, SearchSpace.Default(family, model.Features.Count), trials, input.Seed ?? 0, SearchObjective.For(model.Task)).TotalTrials,
                Seed = input.Seed ?? 0,
                Trigger = trigger,
                Objective = SearchObjective.For(model.Task).Metric,
                RequestedBy = actor.Name,
                RequestedById = actor.Id,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.TrainingRuns.Add(run);
            audit.Record(db, actor, "training.launched", "training", run.Id.ToString(), null, TrainingRunView.From(run, withTrials: false));
            await db.SaveChangesAsync(ct);
        }

        // Saved first, queued second: a crash in between leaves an Enqueued run without a live job, which the start-up
        // recovery finds (never a job without its run).
        await QueueAsync(run.Id, ct);
        return await GetAsync(run.Id, ct);
    }

    /// <summary>Launches the model's scheduled retraining as the person who set the schedule (trigger <c>schedule</c>).</summary>
    public async Task<TrainingRunView?> LaunchScheduledAsync(string modelName, CancellationToken ct)
    {
        RetrainSchedule? schedule;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            schedule = await db.RetrainSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.ModelName == modelName, ct);
        }

        if (schedule is null)
        {
            return null;
        }

        var actor = new Actor(schedule.SetById, schedule.SetBy, new HashSet<string> { PortalRoles.Engineer });
        var input = new RetrainInput(schedule.DatasetVersion, schedule.Trials, schedule.Seed, schedule.TrainerFamily, schedule.Method.ToString());
        return await LaunchAsync(modelName, input, ScheduleTrigger, actor, ct);
    }

    /// <summary>The model's dataset version numbers, newest first (what a launch may name).</summary>
    public async Task<IReadOnlyList<int>> DatasetVersionsAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return await db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id).OrderByDescending(d => d.Version).Select(d => d.Version).ToListAsync(ct);
    }

    public async Task<TrainingRunView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw DomainException.NotFound($"No training job {id}.");
        return TrainingRunView.From(run);
    }

    /// <summary>Newest first; optionally one model's runs and/or one state (lowercase or any case). Trials are left out of list items.</summary>
    public async Task<Paged<TrainingRunView>> ListAsync(string? modelName, string? state, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.TrainingRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(modelName))
        {
            q = q.Where(r => r.ModelName == modelName);
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            var wanted = StrictEnum.Parse<TrainingRunState>(state, "state");
            q = q.Where(r => r.State == wanted);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<TrainingRunView>([.. rows.Select(r => TrainingRunView.From(r, withTrials: false))], total, page.SafePage, page.SafeSize);
    }

    /// <summary>
    /// A queued run is cancelled at once (its job removed); a processing run is asked to stop, and its job stops
    /// before the next trial. Cancelling a finished run is a conflict.
    /// </summary>
    public async Task<TrainingRunView> CancelAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw DomainException.NotFound($"No training job {id}.");
        if (run.IsFinished)
        {
            throw DomainException.Conflict($"Training job {id} already {TrainingRunView.StateName(run.State)}; nothing to cancel.");
        }

        var before = TrainingRunView.From(run, withTrials: false);
        run.CancelRequested = true;
        if (run.State is TrainingRunState.Enqueued or TrainingRunState.Interrupted)
        {
            run.State = TrainingRunState.Cancelled;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            run.ConcurrencyStamp = Guid.NewGuid();
        }

        audit.Record(db, actor, "training.cancel_requested", "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false));
        // A job that started meanwhile changed the stamp: the conflict tells the person to look again.
        await ModelRegistry.SaveConcurrentAsync(db, ct);
        if (run.State == TrainingRunState.Cancelled && run.HangfireJobId is { } jobId)
        {
            queue.Remove(jobId);
        }

        return TrainingRunView.From(run);
    }

    public async Task<RetrainScheduleView?> ScheduleAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var schedule = await db.RetrainSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        return schedule is null ? null : RetrainScheduleView.From(schedule);
    }

    /// <summary>Sets (or replaces) the model's schedule, audited, and registers it with the queue; a blank cron removes it.</summary>
    public async Task<RetrainScheduleView?> SetScheduleAsync(string modelName, RetrainScheduleInput? input, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        input ??= new RetrainScheduleInput(null, null, null, null);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var existing = await db.RetrainSchedules.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var before = existing is null ? null : RetrainScheduleView.From(existing);
        if (string.IsNullOrWhiteSpace(input.Cron))
        {
            if (existing is not null)
            {
                db.RetrainSchedules.Remove(existing);
                audit.Record(db, actor, "training.schedule_removed", "model", model.Name, before, null);
                await db.SaveChangesAsync(ct);
            }

            queue.Unschedule(model.Name);
            return null;
        }

        var cron = FieldLimits.Check(input.Cron.Trim(), FieldLimits.Cron, "cron")!;
        var trials = input.Trials ?? throw DomainException.Invalid("trials: required, between 1 and 200.");
        var (family, method) = Search(model, input.Trainer, input.Method, trials);
        if (input.DatasetVersion is { } version)
        {
            await DatasetAsync(db, model, version, ct);
        }

        var schedule = existing ?? new RetrainSchedule { ModelId = model.Id, ModelName = model.Name, Cron = cron, SetBy = actor.Name, SetById = actor.Id };
        schedule.Cron = cron;
        schedule.DatasetVersion = input.DatasetVersion;
        schedule.Trials = trials;
        schedule.Seed = input.Seed ?? 0;
        schedule.TrainerFamily = input.Trainer is null ? null : family.ToString();
        schedule.Method = method;
        schedule.SetBy = actor.Name;
        schedule.SetById = actor.Id;
        schedule.SetAt = clock.GetUtcNow().UtcDateTime;

        // The queue validates the cron before anything is saved; a bad expression is a 400 naming "cron".
        queue.Schedule(model.Name, cron);
        if (existing is null)
        {
            db.RetrainSchedules.Add(schedule);
        }

        var view = RetrainScheduleView.From(schedule);
        audit.Record(db, actor, "training.schedule_set", "model", model.Name, before, view);
        await db.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>Registers every stored schedule with the queue (in-memory job storage forgets them at a restart).</summary>
    public async Task<int> RegisterSchedulesAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedules = await db.RetrainSchedules.AsNoTracking().ToListAsync(ct);
        foreach (var s in schedules)
        {
            queue.Schedule(s.ModelName, s.Cron);
        }

        return schedules.Count;
    }

    /// <summary>
    /// At start: runs left processing, or queued without a live job (in-memory job storage loses its jobs at a crash),
    /// were interrupted. Each is marked so (audited) and then re-queued from its first trial (state stays
    /// <c>interrupted</c> until the new job starts it), or failed when
    /// <c>Portal:Training:OnInterrupted</c> is <c>fail</c>. Nothing the killed attempt did survives: it registered no
    /// version (that happens only in its final transaction) and any artifact it stored unreferenced is swept.
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken ct)
    {
        var requeue = !string.Equals(options.Value.OnInterrupted, TrainingOptions.Fail, StringComparison.OrdinalIgnoreCase);
        List<Guid> stale;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var open = await db.TrainingRuns.AsNoTracking()
                .Where(r => r.State == TrainingRunState.Processing || r.State == TrainingRunState.Enqueued || r.State == TrainingRunState.Interrupted)
                .Select(r => new { r.Id, r.HangfireJobId })
                .ToListAsync(ct);
            stale = [.. open.Where(r => !queue.IsLive(r.HangfireJobId)).Select(r => r.Id)];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in stale)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == id, ct);
            var before = TrainingRunView.From(run, withTrials: false);
            if (run.State != TrainingRunState.Interrupted)
            {
                run.State = TrainingRunState.Interrupted;
                audit.Record(db, Actor.System, "training.interrupted", "training", run.Id.ToString(), before, TrainingRunView.From(run, withTrials: false),
                    "The process stopped while the run was queued or processing.");
            }

            var interrupted = TrainingRunView.From(run, withTrials: false);
            if (requeue && !run.CancelRequested)
            {
                // It stays "interrupted" (so people see what happened) until its new job claims it.
                run.HangfireJobId = null;
                audit.Record(db, Actor.System, "training.requeued", "training", run.Id.ToString(), interrupted, TrainingRunView.From(run, withTrials: false),
                    "Re-queued after an interruption (Portal:Training:OnInterrupted = requeue).");
            }
            else
            {
                run.State = run.CancelRequested ? TrainingRunState.Cancelled : TrainingRunState.Failed;
                run.Error = run.CancelRequested ? null : "Interrupted by a process stop; not re-queued (Portal:Training:OnInterrupted = fail).";
                run.FinishedAt = now;
                audit.Record(db, Actor.System, run.CancelRequested ? "training.cancelled" : "training.failed", "training", run.Id.ToString(), interrupted,
                    TrainingRunView.From(run, withTrials: false), run.Error);
            }

            run.ConcurrencyStamp = Guid.NewGuid();
            await db.SaveChangesAsync(ct);
            if (run.State == TrainingRunState.Interrupted)
            {
                await QueueAsync(run.Id, ct);
            }
        }

        return stale.Count;
    }

    // The job may start before this update; it then claims the run with its own id, and this update finds the id
    // already set and changes nothing.
    private async Task QueueAsync(Guid runId, CancellationToken ct)
    {
        var jobId = queue.Enqueue(runId);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.TrainingRuns.Where(r => r.Id == runId && r.HangfireJobId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.HangfireJobId, jobId), ct);
    }

    private static (TrainerFamily Family, SearchMethod Method) Search(Model model, string? trainer, string? methodText, int trials)
    {
        if (trials is < 1 or > TrainingOptions.MaximumTrials)
        {
            throw DomainException.Invalid($"trials: must be between 1 and {TrainingOptions.MaximumTrials}, not {trials}.");
        }

        var family = string.IsNullOrWhiteSpace(trainer) ? TrainerFamilies.Default(model.Task) : StrictEnum.Parse<TrainerFamily>(trainer, "trainer");
        if (!TrainerFamilies.For(model.Task).Contains(family))
        {
            throw DomainException.Invalid($"trainer: {family} cannot train a {model.Task} model; choose one of {string.Join(", ", TrainerFamilies.For(model.Task))}.");
        }

        if (model.Features.Count == 0)
        {
            throw DomainException.Invalid($"'{model.Name}' declares no features; a retraining needs the model's feature schema.");
        }

        var method = string.IsNullOrWhiteSpace(methodText) ? SearchMethod.Random : StrictEnum.Parse<SearchMethod>(methodText, "method");
        return (family, method);
    }

    private static async Task<Dataset> DatasetAsync(PortalDbContext db, Model model, int? version, CancellationToken ct)
    {
        var q = db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id);
        if (version is { } v)
        {
            return await q.SingleOrDefaultAsync(d => d.Version == v, ct)
                ?? throw DomainException.Invalid($"datasetVersion: '{model.Name}' has no dataset version {v}.");
        }

        return await q.OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct)
            ?? throw DomainException.Invalid($"datasetVersion: '{model.Name}' has no dataset yet; upload one first.");
    }
}
