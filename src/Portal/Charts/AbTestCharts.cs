using ModelLifecycle.Domain.AbTests;
using ScottPlot;

namespace ModelLifecycle.Portal.Charts;

/// <summary>The A/B test chart: each arm's cumulative primary metric over time with its interval as a band.</summary>
public static class AbTestCharts
{
    /// <summary>
    /// Hours since the start on x; shares drawn in percent, latency in ms. Points where an arm has no samples yet are
    /// left out of its line and band, so an empty arm never looks like 0.
    /// </summary>
    public static string MetricOverTime(AbMetric metric, string versionA, string versionB, DateTime startedAt, IReadOnlyList<AbTestPoint> points, double alpha)
    {
        ArgumentNullException.ThrowIfNull(points);
        var name = metric == AbMetric.Latency ? "mean latency (ms)" : $"{metric.ApiName().Replace('_', ' ')} (%)";
        var title = $"{metric.ApiName().Replace('_', ' ')} per arm over time";
        var scale = metric == AbMetric.Latency ? 1.0 : 100.0;
        var arms = new[] { (Label: $"A {versionA}", Color: ChartCanvas.Reference, Pick: (Func<AbTestPoint, ArmPoint>)(p => p.A)), ($"B {versionB}", ChartCanvas.Current, p => p.B) };
        if (!points.Any(p => p.A.Value is not null || p.B.Value is not null))
        {
            return ChartCanvas.NoData(title);
        }

        var plot = ChartCanvas.Create(title, "hours since start", name);
        foreach (var arm in arms)
        {
            var known = points.Select(p => (At: (p.At - startedAt).TotalHours, Point: arm.Pick(p))).Where(p => p.Point.Value is not null).ToArray();
            if (known.Length == 0)
            {
                continue;
            }

            var xs = known.Select(p => p.At).ToArray();
            var band = plot.Add.FillY(xs, known.Select(p => (p.Point.Low ?? p.Point.Value!.Value) * scale).ToArray(), known.Select(p => (p.Point.High ?? p.Point.Value!.Value) * scale).ToArray());
            band.FillColor = arm.Color.WithAlpha(0.2);
            band.LegendText = $"{arm.Label} {(1 - alpha) * 100:0.##} % interval";
            var line = plot.Add.Scatter(xs, known.Select(p => p.Point.Value!.Value * scale).ToArray(), arm.Color);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = arm.Label;
        }

        plot.ShowLegend(Alignment.LowerRight);
        return ChartCanvas.ToSvg(plot, title, ChartCanvas.Width, ChartCanvas.Height);
    }
}
