using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Tests.Unit.Charts;

public sealed class RegistryChartsTests
{
    [Fact]
    public void Metric_over_versions_names_every_version_and_draws_the_gate()
    {
        var points = new[] { new MetricPoint("1.0.0", 0.81), new MetricPoint("1.1.0", null), new MetricPoint("1.2.0", 0.88) };

        var chart = SvgChart.Parse(RegistryCharts.MetricOverVersions("auc", points, gate: 0.85));

        Assert.Equal("auc by version", chart.Title);
        chart.AssertShows("1.0.0", "1.1.0", "1.2.0", "gate (0.850)", "version");
        // Two of three versions report the metric: one marker fewer than when all three do, the gap stays a gap.
        var full = SvgChart.Parse(RegistryCharts.MetricOverVersions("auc", [.. points.Select(p => p with { Value = 0.8 })], gate: 0.85));
        Assert.Equal(Markers(full) - 1, Markers(chart));
    }

    [Fact]
    public void Metric_over_versions_without_any_value_is_a_no_data_chart()
    {
        var chart = SvgChart.Parse(RegistryCharts.MetricOverVersions("auc", [new MetricPoint("1.0.0", null), new MetricPoint("1.1.0", double.NaN)]));

        Assert.EndsWith("No data", chart.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_versions_keep_their_labels_apart()
    {
        var points = Enumerable.Range(0, 60).Select(i => new MetricPoint($"1.{i}.0", 0.8 + i / 1000.0)).ToArray();

        var chart = SvgChart.Parse(RegistryCharts.MetricOverVersions("auc", points));

        var labels = chart.Texts.Where(t => t.StartsWith("1.", StringComparison.Ordinal) && t.EndsWith(".0", StringComparison.Ordinal)).ToList();
        Assert.InRange(labels.Count, 2, 12);
        Assert.Contains("1.0.0", labels);
    }

    private static int Markers(SvgChart chart) => chart.Root.Descendants().Count(e => e.Name.LocalName == "ellipse");
}
