using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Tests.Unit.Charts;

public sealed class EmpiricalCdfTests
{
    [Fact]
    public void Cumulative_proportions_are_running_shares_of_the_total()
    {
        Assert.Equal([0.25, 0.5, 1.0], EmpiricalCdf.CumulativeProportions([1L, 1L, 2L]));
        Assert.Equal([0.0, 0.1, 0.1, 1.0], EmpiricalCdf.CumulativeProportions([0L, 10L, 0L, 90L]));
    }

    [Fact]
    public void Cumulative_proportions_of_an_empty_window_are_empty()
    {
        Assert.Empty(EmpiricalCdf.CumulativeProportions([0L, 0L, 0L]));
        Assert.Empty(EmpiricalCdf.CumulativeProportions([]));
    }

    [Fact]
    public void Last_cumulative_share_is_exactly_one_despite_rounding()
    {
        var cumulative = EmpiricalCdf.CumulativeProportions([.. Enumerable.Repeat(1L, 49)]);

        Assert.Equal(1.0, cumulative[^1]);
    }

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(1.0, 0.25)]
    [InlineData(2.5, 0.5)]
    [InlineData(3.0, 1.0)]
    [InlineData(9.0, 1.0)]
    public void Value_at_x_is_the_share_of_bins_whose_upper_edge_is_at_or_below_x(double x, double expected)
    {
        Assert.Equal(expected, EmpiricalCdf.ValueAt([0.0, 1.0, 2.0, 3.0], [0.25, 0.5, 1.0], x));
    }

    [Fact]
    public void Steps_rise_at_each_upper_edge()
    {
        var (xs, ys) = EmpiricalCdf.Steps([0.0, 1.0, 2.0], [0.25, 1.0]);

        Assert.Equal([0.0, 1.0, 1.0, 2.0, 2.0], xs);
        Assert.Equal([0.0, 0.0, 0.25, 0.25, 1.0], ys);
    }
}
