using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// The Hangfire job of a retraining run: claim the run, load its dataset, search (seeded, so the same dataset, space
/// and seed give the same metrics), store progress after every trial, stop between trials when cancelled, then
/// register the best trial as a new version and mark the run succeeded in one transaction. When the model's metric
/// gate passes it files a promotion request to Staging as the launching person; it never promotes.
/// </summary>
public sealed class RetrainingJob(
    TrainingRunTracker tracker,
    TrainingService training,
    DatasetService datasets,
    PromotionService promotions,
    TimeProvider clock,
    ILogger<RetrainingJob> logger)
{
    /// <summary>Hangfire passes its shutdown token as <paramref name="ct"/> and the job's context.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid runId, PerformContext? context, CancellationToken ct)
    {
        var start = await tracker.StartAsync(runId, context?.BackgroundJob?.Id, ct);
        if (start is null)
        {
            return;
        }

        try
        {
            var version = await TrainAndRegisterAsync(start, ct);
            await RequestPromotionAsync(start, version, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server is stopping: the run stays processing and the next start finds it interrupted.
            throw;
        }
        catch (Exception ex)
        {
            // A cancel asked for makes any stop (the between-trials check, or a refusal to register) a cancellation.
            if (await tracker.CancelRequestedAsync(runId, CancellationToken.None))
            {
                logger.LogInformation("Training job {RunId} cancelled ({Reason}).", runId, ex.Message);
                await tracker.CancelledAsync(runId, CancellationToken.None);
            }
            else
            {
                logger.LogError(ex, "Training job {RunId} failed.", runId);
                await tracker.FailedAsync(runId, ex.Message, CancellationToken.None);
            }
        }
    }

    /// <summary>The recurring job of a model's schedule: launches a run like the Retrain button does.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task LaunchScheduledAsync(string modelName, CancellationToken ct) => training.LaunchScheduledAsync(modelName, ct);

    private async Task<Domain.Registry.VersionView> TrainAndRegisterAsync(TrainingStart start, CancellationToken ct)
    {
        TabularDataset data;
        await using (var csv = (await datasets.OpenAsync(start.ModelName, start.DatasetVersion, ct)).Content)
        {
            data = TabularCsv.Read(csv, $"{start.ModelName}-v{start.DatasetVersion}", start.Features, start.Task);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (await tracker.CancelRequestedAsync(start.RunId, ct))
        {
            await stop.CancelAsync();
        }

        var request = new RetrainingRequest
        {
            Data = data,
            Features = start.Features,
            Task = start.Task,
            Family = start.Family,
            Method = start.Method,
            Trials = start.Trials,
            Seed = start.Seed,
        };
        var result = await new RetrainingRun(clock).RunAsync(
            request,
            async (progress, _) =>
            {
                var record = Record(start.Family, progress.Result);
                if (await tracker.RecordTrialAsync(start.RunId, record, progress.Trial, progress.TotalTrials, Finite(progress.Best.Score), ct))
                {
                    await stop.CancelAsync();
                }
            },
            stop.Token);

        // A cancel that arrived during the last trial still wins: nothing is registered.
        if (await tracker.CancelRequestedAsync(start.RunId, ct))
        {
            throw new OperationCanceledException("Cancelled after the last trial.");
        }

        var trained = new TrainedVersion(
            result.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value),
            Json(result.BestHyperparameters.Values.Append(KeyValuePair.Create<string, object>("trainer", result.Family.ToString()))),
            string.Create(CultureInfo.InvariantCulture,
                $"Retraining job {start.RunId}: {result.Trials.Count} trial(s), {start.Method} search over {result.Family}, seed {start.Seed}, dataset version {start.DatasetVersion} ({result.TrainRows} training / {result.ValidationRows} validation rows); best trial {result.Best.Number} with {result.Objective.Metric} {result.Best.Score:0.####}; took {result.Duration.TotalSeconds:0.0} s."));
        var version = await tracker.CompleteAsync(start, result.Artifact, trained, ct);
        logger.LogInformation("Training job {RunId} registered {Model} {Version}.", start.RunId, start.ModelName, version.Version);
        return version;
    }

    // Filing is best effort: the version is registered either way, and a refusal (e.g. a pending request) is logged.
    private async Task RequestPromotionAsync(TrainingStart start, Domain.Registry.VersionView view, CancellationToken ct)
    {
        if (start.MetricGate is not { } gate)
        {
            return;
        }

        var version = view.Version;
        if (!view.Metrics.TryGetValue(gate.Metric, out var value) || !gate.IsMetBy(value))
        {
            return;
        }

        try
        {
            await promotions.RequestAsync(start.ModelName, version, "Staging",
                string.Create(CultureInfo.InvariantCulture, $"Retraining job {start.RunId} passed the metric gate ({gate}: {value:0.####})."), start.Launcher, ct);
        }
        catch (DomainException ex)
        {
            logger.LogWarning("Training job {RunId}: no promotion request for {Model} {Version}: {Reason}", start.RunId, start.ModelName, version, ex.Message);
        }
    }

    private static TrialRecord Record(TrainerFamily family, TrialResult trial) => new(
        trial.Number,
        family.ToString(),
        Json(trial.Hyperparameters.Values),
        trial.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value),
        Finite(trial.Score),
        Math.Round(trial.Duration.TotalSeconds, 3),
        trial.Rung,
        trial.TrainRows);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static Dictionary<string, JsonElement> Json(IEnumerable<KeyValuePair<string, object>> values) =>
        values.ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value, v.Value.GetType()), StringComparer.Ordinal);
}
