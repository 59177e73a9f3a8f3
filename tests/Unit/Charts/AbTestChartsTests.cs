using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Tests.Unit.Charts;

public sealed class AbTestChartsTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_arm_gets_a_line_and_an_interval_band_and_empty_arms_are_left_out()
    {
        var points = new[]
        {
            new AbTestPoint(Start.AddHours(1), new ArmPoint(0, null, null, null), new ArmPoint(10, 0.9, 0.8, 1)),
            new AbTestPoint(Start.AddHours(2), new ArmPoint(10, 0.6, 0.3, 0.9), new ArmPoint(20, 0.95, 0.85, 1)),
        };

        var svg = AbTestCharts.MetricOverTime(AbMetric.Accuracy, "1.0.0", "1.1.0", Start, points, 0.05);

        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("accuracy per arm over time", svg, StringComparison.Ordinal);
        Assert.Contains("A 1.0.0 95 % interval", svg, StringComparison.Ordinal);
        Assert.Contains("B 1.1.0", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_sample_the_chart_says_no_data()
    {
        var svg = AbTestCharts.MetricOverTime(AbMetric.Latency, "1.0.0", "1.1.0", Start, [new AbTestPoint(Start, new ArmPoint(0, null, null, null), new ArmPoint(0, null, null, null))], 0.05);

        Assert.Contains("No data", svg, StringComparison.Ordinal);
    }
}
