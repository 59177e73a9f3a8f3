using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class RandomSearchTests
{
    private static readonly SearchSpace Space = SearchSpace.Default(TrainerFamily.LightGbm, 8);
    private static readonly SearchObjective Auc = SearchObjective.For(ModelTask.BinaryClassification);

    [Fact]
    public void Same_seed_gives_the_same_trial_list()
    {
        var first = new RandomSearch(Space, 20, seed: 42, Auc).Plans;
        var second = new RandomSearch(Space, 20, seed: 42, Auc).Plans;

        Assert.Equal(first, second);
        Assert.Equal(20, first.Select(p => p.Parameters).Distinct().Count());
    }

    [Fact]
    public void Different_seeds_give_different_trials()
    {
        var a = new RandomSearch(Space, 10, seed: 1, Auc).Plans.Select(p => p.Parameters);
        var b = new RandomSearch(Space, 10, seed: 2, Auc).Plans.Select(p => p.Parameters);

        Assert.Empty(a.Intersect(b));
    }

    [Fact]
    public void Plans_come_in_order_until_the_trial_count_and_stay_in_the_space()
    {
        var search = new RandomSearch(Space, 5, seed: 3, Auc);
        var done = new List<TrialOutcome>();

        while (search.Next(done) is { } plan)
        {
            Assert.Equal(done.Count + 1, plan.Number);
            Assert.True(Space.Contains(plan.Parameters));
            done.Add(new TrialOutcome(plan, plan.Number == 4 ? 0.9 : 0.5));
        }

        Assert.Equal(5, done.Count);
        Assert.Equal(5, search.TotalTrials);
        Assert.Equal(4, search.Best(done)!.Plan.Number);
    }

    [Fact]
    public void Lower_is_better_for_rmse_and_an_undefined_score_ranks_last()
    {
        var search = new RandomSearch(Space, 3, seed: 3, SearchObjective.For(ModelTask.Regression));
        var outcomes = search.Plans.Zip([double.NaN, 12.5, 9.75], (p, s) => new TrialOutcome(p, s)).ToList();

        Assert.Equal(3, search.Best(outcomes)!.Plan.Number);
        Assert.Null(search.Best([]));
    }
}
