using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Tests.Unit.Charts;

public sealed class BinsTests
{
    [Fact]
    public void Open_outer_edges_are_closed_at_one_neighbouring_bin_width()
    {
        var drawable = Bins.TryDrawable([double.NegativeInfinity, 10.0, 12.0, double.PositiveInfinity], [1L, 2L, 3L], [3L, 2L, 1L], out var edges);

        Assert.True(drawable);
        Assert.Equal([8.0, 10.0, 12.0, 14.0], edges);
    }

    [Fact]
    public void Proportions_make_windows_of_different_sizes_comparable()
    {
        Assert.Equal(Bins.Proportions([1L, 3L]), Bins.Proportions([100L, 300L]));
        Assert.Equal([0.25, 0.75], Bins.Proportions([1L, 3L]));
    }

    [Theory]
    [InlineData(new[] { 0.0, 2.0, 1.0 })]
    [InlineData(new[] { 0.0, 1.0, 1.0 })]
    [InlineData(new[] { 0.0, 1.0 })]
    public void Edges_that_are_not_strictly_increasing_or_do_not_fit_the_counts_are_not_drawable(double[] edges)
    {
        Assert.False(Bins.TryDrawable(edges, [1L, 1L], [1L, 1L], out _));
    }
}
