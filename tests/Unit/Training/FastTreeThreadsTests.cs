using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

/// <summary>
/// A retraining gives FastTree every core by default on large data (<see cref="TrainerEstimators.DefaultThreads"/>); that is only
/// allowed because FastTree's results do not depend on the thread count.
/// </summary>
public sealed class FastTreeThreadsTests
{
    private static readonly RetrainingRun Run = new(TimeProvider.System);

    [Theory]
    [InlineData(ModelTask.BinaryClassification)]
    [InlineData(ModelTask.Regression)]
    public async Task FastTree_metrics_are_identical_to_the_last_bit_with_one_thread_or_several(ModelTask task)
    {
        var request = TrainingData.Request(task, TrainerFamily.FastTree, trials: 3, seed: 5);

        var single = await Run.RunAsync(request with { Threads = 1 });
        var parallel = await Run.RunAsync(request with { Threads = 4 });

        Assert.Equal(Bits(single), Bits(parallel));
        Assert.Equal(single.Best.Number, parallel.Best.Number);
    }

    [Fact]
    public void Only_FastTree_on_large_data_gets_more_than_one_thread_by_default()
    {
        Assert.Equal(Environment.ProcessorCount, TrainerEstimators.DefaultThreads(TrainerFamily.FastTree, 80_000));
        Assert.Equal(1, TrainerEstimators.DefaultThreads(TrainerFamily.FastTree, TrainerEstimators.ParallelRows - 1));
        Assert.Equal(1, TrainerEstimators.DefaultThreads(TrainerFamily.LightGbm, 80_000));
        Assert.Equal(1, TrainerEstimators.DefaultThreads(TrainerFamily.LogisticRegression, 80_000));
        Assert.Equal(1, TrainerEstimators.DefaultThreads(TrainerFamily.RandomizedPca, 80_000));
    }

    private static List<string> Bits(RetrainingResult result) =>
        [.. result.Trials.SelectMany(t => t.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{t.Number}:{m.Key}:{BitConverter.DoubleToInt64Bits(m.Value)}"))];
}
