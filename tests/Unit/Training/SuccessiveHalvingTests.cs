using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class SuccessiveHalvingTests
{
    private static readonly SearchObjective Auc = SearchObjective.For(ModelTask.BinaryClassification);

    private static readonly SearchSpace Space = new(
        TrainerFamily.FastTree,
        [new IntRange("numberOfTrees", 10, 90), new FloatRange("learningRate", 0.01, 0.5, logScale: true), new IntRange("numberOfLeaves", 2, 64)],
        new SearchBudget("numberOfTrees", 10, 90));

    [Fact]
    public void Schedule_divides_configurations_and_multiplies_the_budget_by_eta()
    {
        var rungs = SuccessiveHalving.Schedule(27, 3, new SearchBudget("numberOfTrees", 10, 90));

        Assert.Equal([new HalvingRung(0, 27, 10), new HalvingRung(1, 9, 30), new HalvingRung(2, 3, 90)], rungs);
    }

    [Theory]
    [InlineData(20, 3, 20, 200, new[] { 20, 6, 2 }, new[] { 200.0 / 9, 200.0 / 3, 200 })]
    [InlineData(8, 2, 0.1, 1, new[] { 8, 4, 2, 1 }, new[] { 0.125, 0.25, 0.5, 1 })]
    [InlineData(2, 3, 20, 200, new[] { 2 }, new[] { 200.0 })]
    [InlineData(30, 3, 50, 100, new[] { 30 }, new[] { 100.0 })]
    public void Rung_count_is_bounded_by_both_budget_range_and_configurations(int n, int eta, double min, double max, int[] counts, double[] budgets)
    {
        var rungs = SuccessiveHalving.Schedule(n, eta, new SearchBudget("b", min, max));

        Assert.Equal(counts, rungs.Select(r => r.Configurations));
        Assert.Equal(budgets.Length, rungs.Count);
        Assert.All(rungs.Zip(budgets), p => Assert.Equal(p.Second, p.First.Budget, 9));
    }

    [Fact]
    public void Keeps_the_top_third_each_rung_and_ends_with_the_best_configuration()
    {
        var search = new SuccessiveHalving(Space, 27, seed: 11, Auc);
        var done = new List<TrialOutcome>();

        // Score rises with the learning rate and a little with the budget: the true best is the largest rate.
        while (search.Next(done) is { } plan)
        {
            done.Add(new TrialOutcome(plan, plan.Parameters.GetDouble("learningRate", 0) + (plan.Parameters.GetInt("numberOfTrees", 0) / 1000.0)));
        }

        Assert.Equal(39, search.TotalTrials);
        Assert.Equal(39, done.Count);
        Assert.Equal(Enumerable.Range(1, 39), done.Select(o => o.Plan.Number));
        Assert.Equal([27, 9, 3], done.GroupBy(o => o.Plan.Rung).Select(g => g.Count()));
        Assert.Equal([10, 30, 90], done.GroupBy(o => o.Plan.Rung).Select(g => g.Select(o => o.Plan.Parameters.GetInt("numberOfTrees", 0)).Distinct().Single()));

        for (var rung = 1; rung < 3; rung++)
        {
            var previous = done.Where(o => o.Plan.Rung == rung - 1).OrderByDescending(o => o.Score).Select(o => o.Plan.Configuration);
            var survivors = done.Where(o => o.Plan.Rung == rung).Select(o => o.Plan.Configuration);
            Assert.Equal(previous.Take(survivors.Count()), survivors);
        }

        var rates = done.Where(o => o.Plan.Rung == 0).Select(o => o.Plan.Parameters.GetDouble("learningRate", 0));
        var best = search.Best(done)!;
        Assert.Equal(2, best.Plan.Rung);
        Assert.Equal(rates.Max(), best.Plan.Parameters.GetDouble("learningRate", 0));
    }

    [Fact]
    public void Best_prefers_the_highest_rung_reached_over_a_luckier_small_budget()
    {
        var search = new SuccessiveHalving(Space, 9, seed: 4, Auc);
        var done = new List<TrialOutcome>();
        while (search.Next(done) is { } plan && plan.Rung == 0)
        {
            done.Add(new TrialOutcome(plan, plan.Number == 1 ? 0.99 : 0.5));
        }

        var firstOfRungOne = search.Next(done)!;
        done.Add(new TrialOutcome(firstOfRungOne, 0.6));

        Assert.Equal(firstOfRungOne, search.Best(done)!.Plan);
    }

    [Fact]
    public void Same_seed_same_plans_and_different_seed_different_configurations()
    {
        static List<TrialPlan> Run(int seed)
        {
            var search = new SuccessiveHalving(Space, 9, seed, Auc);
            var done = new List<TrialOutcome>();
            while (search.Next(done) is { } plan)
            {
                done.Add(new TrialOutcome(plan, plan.Parameters.GetInt("numberOfLeaves", 0)));
            }

            return [.. done.Select(o => o.Plan)];
        }

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5).Select(p => p.Parameters), Run(6).Select(p => p.Parameters));
    }
}
