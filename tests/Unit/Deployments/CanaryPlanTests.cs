using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class CanaryPlanTests
{
    private static TrafficPercent P(decimal percent) => TrafficPercent.Parse(percent, "percent");

    [Fact]
    public void The_default_plan_is_10_50_100()
    {
        Assert.Equal("10 → 50 → 100", CanaryPlan.Default.ToString());
        Assert.Equal(P(10), CanaryPlan.Default.First);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 50)]
    [InlineData(25, 50)]
    [InlineData(50, 100)]
    [InlineData(99.9, 100)]
    public void Next_is_the_first_step_above_the_current_share(decimal current, decimal next)
    {
        Assert.Equal(P(next), CanaryPlan.Default.Next(P(current)));
    }

    [Fact]
    public void There_is_no_step_after_100()
    {
        Assert.Null(CanaryPlan.Default.Next(TrafficPercent.Hundred));
    }

    [Theory]
    [InlineData(100, 50)]
    [InlineData(50, 10)]
    [InlineData(25, 10)]
    [InlineData(10, 0)]
    [InlineData(5, 0)]
    [InlineData(0, 0)]
    public void Previous_is_the_last_step_below_or_zero(decimal current, decimal previous)
    {
        Assert.Equal(P(previous), CanaryPlan.Default.Previous(P(current)));
    }

    [Fact]
    public void A_custom_plan_is_checked()
    {
        Assert.Equal("5 → 12.5 → 100", CanaryPlan.Of([5m, 12.5m, 100m]).ToString());
        Assert.Equal(CanaryPlan.Default, CanaryPlan.Of([10m, 50m, 100m]));

        Assert.Contains("steps[1]: 5 does not rise", Assert.Throws<DomainException>(() => CanaryPlan.Of([10m, 5m, 100m])).Message, StringComparison.Ordinal);
        Assert.Contains("last step must be 100", Assert.Throws<DomainException>(() => CanaryPlan.Of([10m, 50m])).Message, StringComparison.Ordinal);
        Assert.Contains("steps[0]: a canary step must be above 0", Assert.Throws<DomainException>(() => CanaryPlan.Of([0m, 100m])).Message, StringComparison.Ordinal);
        Assert.Contains("steps[1]: 2.55 has more than one decimal", Assert.Throws<DomainException>(() => CanaryPlan.Of([1m, 2.55m, 100m])).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => CanaryPlan.Of([]));
    }

    [Fact]
    public void Gradual_step_down_halves_to_the_tenth_and_ends_below_the_floor()
    {
        var shares = new List<decimal>();
        for (var share = P(50); !share.IsZero; share = GradualStepDown.Default.Next(share))
        {
            shares.Add(share.Value);
        }

        Assert.Equal([50m, 25m, 12.5m, 6.2m, 3.1m, 1.5m], shares);
        Assert.Equal(6, GradualStepDown.Default.StepsToZero(P(50)));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1.9, 0)]
    [InlineData(1, 0)]
    [InlineData(0.1, 0)]
    [InlineData(0, 0)]
    public void Gradual_step_down_at_the_floor(decimal current, decimal next)
    {
        // Exactly 1 % after halving is kept (the floor is inclusive); anything below goes to 0.
        Assert.Equal(P(next), GradualStepDown.Default.Next(P(current)));
    }

    [Fact]
    public void A_zero_floor_still_reaches_zero()
    {
        var noFloor = GradualStepDown.Of(0m);

        Assert.Equal(P(0.1m), noFloor.Next(P(0.3m)));
        Assert.Equal(TrafficPercent.Zero, noFloor.Next(P(0.1m)));
        Assert.Equal(10, noFloor.StepsToZero(P(100)));
    }
}
