using ScottPlot;
using ScottPlot.TickGenerators;

namespace ModelLifecycle.Portal.Charts;

/// <summary>One metric's value per version, oldest to newest.</summary>
public sealed record MetricPoint(string Version, double? Value);

/// <summary>Charts of the registry, rendered to SVG on the server.</summary>
public static class RegistryCharts
{
    /// <summary>
    /// A metric across versions in version order, with the model's gate as a dashed line when it is on that metric.
    /// Versions that do not report the metric keep their place on the axis without a point, so gaps stay visible.
    /// </summary>
    public static string MetricOverVersions(string metric, IReadOnlyList<MetricPoint> points, double? gate = null)
    {
        var title = $"{metric} by version";
        var known = points.Select((p, i) => (Index: i, p.Value)).Where(p => p.Value is { } v && double.IsFinite(v)).ToArray();
        if (known.Length == 0)
        {
            return ChartCanvas.NoData(title);
        }

        var plot = ChartCanvas.Create(title, "version", metric);
        var line = plot.Add.Scatter(known.Select(p => (double)p.Index).ToArray(), known.Select(p => p.Value!.Value).ToArray(), ChartCanvas.Reference);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = metric;

        if (gate is { } g && double.IsFinite(g))
        {
            var gateLine = plot.Add.HorizontalLine(g, 1.5f, ChartCanvas.Current, LinePattern.Dashed);
            gateLine.LegendText = $"gate ({ChartCanvas.Format(g)})";
        }

        // Every version named on the axis; with many versions only every n-th label, so they never overlap.
        var step = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        var ticks = Enumerable.Range(0, points.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new NumericManual(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => points[i].Version).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = points.Count > 6 ? -30 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = points.Count > 6 ? Alignment.MiddleRight : Alignment.UpperCenter;

        var values = known.Select(p => p.Value!.Value).Append(gate ?? known[0].Value!.Value).ToArray();
        var (low, high) = (values.Min(), values.Max());
        var pad = high > low ? (high - low) * 0.15 : Math.Max(Math.Abs(high) * 0.05, 0.01);
        plot.Axes.SetLimits(-0.5, points.Count - 0.5, low - pad, high + pad);
        plot.ShowLegend(Alignment.LowerRight);
        return ChartCanvas.ToSvg(plot, title, ChartCanvas.Width, ChartCanvas.Height);
    }
}
