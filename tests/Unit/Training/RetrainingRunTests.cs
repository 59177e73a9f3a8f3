using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class RetrainingRunTests
{
    private static readonly RetrainingRun Run = new(TimeProvider.System);

    public static TheoryData<ModelTask, TrainerFamily> Families => new()
    {
        { ModelTask.BinaryClassification, TrainerFamily.FastTree },
        { ModelTask.BinaryClassification, TrainerFamily.LightGbm },
        { ModelTask.BinaryClassification, TrainerFamily.LogisticRegression },
        { ModelTask.Regression, TrainerFamily.FastTree },
        { ModelTask.Regression, TrainerFamily.LightGbm },
        { ModelTask.AnomalyDetection, TrainerFamily.RandomizedPca },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Same_data_space_and_seed_give_identical_metrics_to_the_last_bit(ModelTask task, TrainerFamily family)
    {
        var request = TrainingData.Request(task, family, trials: 3, seed: 7);

        var first = await Run.RunAsync(request);
        var second = await Run.RunAsync(request);

        Assert.Equal(first.Trials.Select(t => t.Hyperparameters), second.Trials.Select(t => t.Hyperparameters));
        Assert.Equal(Bits(first), Bits(second));
        Assert.Equal(first.Best.Number, second.Best.Number);
    }

    [Fact]
    public async Task A_different_seed_gives_different_trials_and_metrics()
    {
        var a = await Run.RunAsync(TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 2, seed: 1));
        var b = await Run.RunAsync(TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 2, seed: 2));

        Assert.NotEqual(a.Trials.Select(t => t.Hyperparameters), b.Trials.Select(t => t.Hyperparameters));
        Assert.NotEqual(Bits(a), Bits(b));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Every_family_reports_its_task_metrics_and_keeps_the_best_trial(ModelTask task, TrainerFamily family)
    {
        var result = await Run.RunAsync(TrainingData.Request(task, family, trials: 3));

        string[] expected = task switch
        {
            ModelTask.BinaryClassification => ["accuracy", "auc", "f1", "logLoss", "precision", "recall"],
            ModelTask.Regression => ["mae", "r2", "rmse"],
            _ => ["auc", "detectionRateAtFalsePositiveCount"],
        };
        Assert.All(result.Trials, t => Assert.Equal(expected, t.Metrics.Keys.Order()));
        Assert.Equal(family, result.Family);
        var scores = result.Trials.Select(t => result.Objective.Utility(t.Score));
        Assert.Equal(scores.Max(), result.Objective.Utility(result.Best.Score));
        Assert.Equal(result.Best.Hyperparameters.ToStrings().Append(KeyValuePair.Create("trainer", family.ToString())).OrderBy(p => p.Key), result.VersionHyperparameters().OrderBy(p => p.Key));

        // The synthetic data has real signal: a model that learned nothing would sit at AUC 0.5 or R² 0.
        if (task == ModelTask.Regression)
        {
            Assert.True(result.Metrics["r2"] > 0.5, $"r2 = {result.Metrics["r2"]}");
        }
        else
        {
            Assert.True(result.Metrics["auc"] > 0.7, $"auc = {result.Metrics["auc"]}");
        }
    }

    [Fact]
    public async Task Progress_is_reported_once_per_trial_in_order_with_the_running_best()
    {
        var reports = new List<TrialProgress>();

        var result = await Run.RunAsync(
            TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 4),
            (p, _) =>
            {
                reports.Add(p);
                return ValueTask.CompletedTask;
            });

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Trial));
        Assert.All(reports, r => Assert.Equal(4, r.TotalTrials));
        Assert.Equal(result.Trials, reports.Select(r => r.Result));
        Assert.Equal(1.0, reports[^1].Fraction);
        for (var i = 0; i < reports.Count; i++)
        {
            Assert.Equal(reports.Take(i + 1).Max(r => r.Result.Score), reports[i].Best.Score);
        }

        Assert.Equal(result.Best, reports[^1].Best);
    }

    [Fact]
    public async Task Cancellation_stops_between_trials()
    {
        using var cts = new CancellationTokenSource();
        var reported = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run.RunAsync(
            TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 5),
            (p, _) =>
            {
                reported.Add(p.Trial);
                if (p.Trial == 2)
                {
                    cts.Cancel();
                }

                return ValueTask.CompletedTask;
            },
            cts.Token));

        // Trial 2 finished and was reported; trial 3 never started.
        Assert.Equal([1, 2], reported);
    }

    [Fact]
    public async Task Split_counts_are_recorded_and_stratified()
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1) with { ValidationFraction = 0.25 };

        var result = await Run.RunAsync(request);

        Assert.Equal(request.Data.Rows, result.TrainRows + result.ValidationRows);
        Assert.InRange(result.ValidationRows, 499, 501);
        Assert.Equal(result.TrainRows, result.Trials.Single().TrainRows);
    }

    [Fact]
    public async Task Successive_halving_races_configurations_on_a_growing_share_of_rows()
    {
        var reports = new List<TrialProgress>();
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.LogisticRegression, trials: 9, method: SearchMethod.SuccessiveHalving);

        var result = await Run.RunAsync(request, (p, _) =>
        {
            reports.Add(p);
            return ValueTask.CompletedTask;
        });

        // η = 3, rows 10 % → 100 %: 9 configurations on ~11 %, the best 3 on ~33 %, the best 1 on all rows.
        Assert.Equal(13, result.Trials.Count);
        Assert.All(reports, r => Assert.Equal(13, r.TotalTrials));
        Assert.Equal([9, 3, 1], result.Trials.GroupBy(t => t.Rung).Select(g => g.Count()));
        Assert.Equal(
            [(int)Math.Round(result.TrainRows / 9.0), (int)Math.Round(result.TrainRows / 3.0), result.TrainRows],
            result.Trials.GroupBy(t => t.Rung).Select(g => g.Select(t => t.TrainRows).Distinct().Single()),
            new ToleranceComparer(2));
        Assert.Equal(2, result.Best.Rung);
        Assert.Equal(1.0, result.BestHyperparameters.GetDouble(SearchBudget.TrainingFraction, 0));
    }

    [Fact]
    public async Task A_family_that_cannot_train_the_task_is_refused()
    {
        var request = TrainingData.Request(ModelTask.Regression, TrainerFamily.FastTree) with { Family = TrainerFamily.LogisticRegression };

        var ex = await Assert.ThrowsAsync<ModelLifecycle.Domain.Common.DomainException>(() => Run.RunAsync(request));

        Assert.StartsWith("trainerFamily:", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task A_trial_count_out_of_range_is_refused_naming_trials(int trials)
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree) with { Trials = trials };

        var ex = await Assert.ThrowsAsync<ModelLifecycle.Domain.Common.DomainException>(() => Run.RunAsync(request));

        Assert.StartsWith("trials:", ex.Message);
    }

    private static long[] Bits(RetrainingResult result) =>
        [.. result.Trials.SelectMany(t => t.Metrics.OrderBy(m => m.Key).Select(m => BitConverter.DoubleToInt64Bits(m.Value)))];

    private sealed class ToleranceComparer(int tolerance) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(int obj) => 0;
    }
}
