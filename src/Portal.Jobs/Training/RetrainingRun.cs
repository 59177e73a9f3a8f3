using Microsoft.ML;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Runs a hyperparameter search over ML.NET: split once, train each trial the strategy asks for, report after every
/// trial, stop between trials when cancelled, and save the best trial's model. Trial seeds derive from the run
/// seed and the trial number, so a trial's result depends neither on the trials before it nor on timing.
/// </summary>
public sealed class RetrainingRun(TimeProvider clock)
{
    /// <param name="onTrial">Awaited after each trial (e.g. to store progress where every portal instance reads it);
    /// its time counts in the run's duration.</param>
    /// <exception cref="OperationCanceledException">Cancelled before a trial started; no artifact is produced.</exception>
    public async Task<RetrainingResult> RunAsync(
        RetrainingRequest request,
        Func<TrialProgress, CancellationToken, ValueTask>? onTrial = null,
        CancellationToken ct = default)
    {
        var started = clock.GetTimestamp();
        var family = request.Family ?? TrainerFamilies.Default(request.Task);
        TrainerFamilies.Require(request.Task, family);
        var space = request.Space ?? SearchSpace.Default(family, request.Features.Count);
        var objective = SearchObjective.For(request.Task);
        var strategy = SearchStrategies.Create(request.Method, space, request.Trials, request.Seed, objective);
        var pipeline = new TrainingPipeline(request.Data, request.Features, request.Task, request.ValidationFraction, request.Seed, request.Threads ?? TrainerEstimators.DefaultThreads(family, TrainingRows(request)));

        var outcomes = new List<TrialOutcome>();
        var results = new List<TrialResult>();
        ITransformer? bestModel = null;
        TrialResult? best = null;
        while (strategy.Next(outcomes) is { } plan)
        {
            ct.ThrowIfCancellationRequested();
            var trialStarted = clock.GetTimestamp();
            var trained = pipeline.Train(family, plan.Parameters, TrialSeed(request.Seed, plan.Number));
            var score = trained.Metrics[objective.Metric];
            var result = new TrialResult(plan.Number, plan.Rung, plan.Parameters, trained.Metrics, score, trained.TrainRows, clock.GetElapsedTime(trialStarted));
            outcomes.Add(new TrialOutcome(plan, score));
            results.Add(result);

            // Keep only the best model in memory; the strategy decides what "best" means (e.g. highest rung first).
            if (strategy.Best(outcomes)!.Plan.Number == plan.Number)
            {
                (best, bestModel) = (result, trained.Model);
            }

            if (onTrial is not null)
            {
                await onTrial(new TrialProgress(plan.Number, strategy.TotalTrials, result, best!), ct);
            }
        }

        using var artifact = new MemoryStream();
        pipeline.Save(bestModel!, artifact);
        return new RetrainingResult(
            artifact.ToArray(),
            family,
            objective,
            best!,
            results,
            pipeline.Split.Train.Length,
            pipeline.Split.Validation.Length,
            clock.GetElapsedTime(started));
    }

    // About the training part's size (the stratified split rounds per stratum); only compared with a threshold.
    private static int TrainingRows(RetrainingRequest request) => request.Data.Rows - (int)Math.Ceiling(request.Data.Rows * request.ValidationFraction);

    // A fixed mix (not HashCode, which is randomised per process) so the same run seed gives the same trial seeds.
    private static int TrialSeed(int seed, int trial) => unchecked((seed * 1_000_003) + trial);
}
