using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class SearchSpaceTests
{
    [Theory]
    [InlineData(TrainerFamily.FastTree)]
    [InlineData(TrainerFamily.LightGbm)]
    [InlineData(TrainerFamily.LogisticRegression)]
    [InlineData(TrainerFamily.RandomizedPca)]
    public void Every_sampled_value_lies_within_its_declared_range(TrainerFamily family)
    {
        var space = SearchSpace.Default(family, featureCount: 6);
        var rng = new Random(7);

        for (var i = 0; i < 2000; i++)
        {
            var values = space.Sample(rng);
            Assert.Equal(space.Parameters.Select(p => p.Name).Order(), values.Values.Keys);
            Assert.All(space.Parameters, p => Assert.True(p.Contains(values.Values[p.Name]), $"{p.Name}={values.Values[p.Name]}"));
        }
    }

    [Fact]
    public void Log_scale_float_is_uniform_in_the_logarithm()
    {
        var range = new FloatRange("learningRate", 0.001, 1, logScale: true);
        var rng = new Random(3);
        var draws = Enumerable.Range(0, 20_000).Select(_ => (double)range.Sample(rng)).ToArray();

        // Three decades: a log-uniform draw falls in each with probability 1/3; a linear one would put 99.9 % in the top.
        foreach (var (low, high) in new[] { (0.001, 0.01), (0.01, 0.1), (0.1, 1.0) })
        {
            var share = draws.Count(d => d >= low && d < high) / (double)draws.Length;
            Assert.InRange(share, 0.31, 0.356);
        }

        Assert.All(draws, d => Assert.InRange(d, 0.001, 1));
    }

    [Fact]
    public void Log_scale_int_puts_half_its_mass_below_the_geometric_mean()
    {
        var range = new IntRange("numberOfTrees", 10, 999, logScale: true);
        var rng = new Random(5);
        var draws = Enumerable.Range(0, 20_000).Select(_ => (int)range.Sample(rng)).ToArray();

        // Over [10, 1000) the geometric mean is 100: log-uniform gives 1/2 below it, uniform would give 9 %.
        var below = draws.Count(d => d < 100) / (double)draws.Length;
        Assert.InRange(below, 0.48, 0.52);
        Assert.Contains(10, draws);
        Assert.Contains(draws, d => d >= 900);
        Assert.All(draws, d => Assert.InRange(d, 10, 999));
    }

    [Fact]
    public void Linear_int_range_reaches_both_ends_uniformly()
    {
        var range = new IntRange("oversampling", 5, 8);
        var rng = new Random(9);
        var counts = Enumerable.Range(0, 8000).Select(_ => (int)range.Sample(rng)).CountBy(v => v).ToDictionary();

        Assert.Equal([5, 6, 7, 8], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void Choice_draws_only_its_options_and_all_of_them()
    {
        var choice = new Choice("solver", "lbfgs", "sdca");
        var rng = new Random(1);
        var draws = Enumerable.Range(0, 200).Select(_ => (string)choice.Sample(rng)).ToHashSet();

        Assert.Equal(["lbfgs", "sdca"], draws.Order());
        Assert.False(choice.Contains("adam"));
    }

    [Fact]
    public void Budget_override_keeps_an_integer_parameter_integer()
    {
        var space = SearchSpace.Default(TrainerFamily.FastTree, 4);
        var values = space.WithBudget(space.Sample(new Random(1)), 66.67);

        Assert.Equal(67, values.Values["numberOfTrees"]);
        var fractions = SearchSpace.Default(TrainerFamily.RandomizedPca, 4);
        Assert.Equal(0.25, fractions.WithBudget(fractions.Sample(new Random(1)), 0.25).GetDouble(SearchBudget.TrainingFraction, 1));
    }

    [Fact]
    public void A_parameter_declared_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SearchSpace(
            TrainerFamily.FastTree,
            [new IntRange("numberOfTrees", 1, 2), new IntRange("numberOfTrees", 3, 4)],
            new SearchBudget("numberOfTrees", 1, 4)));
        Assert.Throws<ArgumentException>(() => new FloatRange("learningRate", 0, 1, logScale: true));
    }

    [Fact]
    public void Hyperparameters_print_invariantly_and_compare_by_value()
    {
        var a = new Hyperparameters([KeyValuePair.Create("b", (object)0.1), KeyValuePair.Create("a", (object)3), KeyValuePair.Create("c", (object)"x")]);
        var b = Hyperparameters.Empty.With("c", "x").With("a", 3).With("b", 0.1);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("a=3, b=0.1, c=x", a.ToString());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3", ["b"] = "0.1", ["c"] = "x" }, a.ToStrings());
        Assert.NotEqual(a, a.With("a", 4));
    }
}
