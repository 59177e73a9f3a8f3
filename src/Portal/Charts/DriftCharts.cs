using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ModelLifecycle.Portal.Charts;

/// <summary>
/// Server-side drift charts as inline SVG strings. Inputs are plain values so the charts render
/// the same in a page, a test or an exported report; inputs with nothing to draw give a
/// "No data" chart instead of an exception.
/// </summary>
public static class DriftCharts
{
    public const string PsiTitle = "PSI per feature";
    public const string DriftOverTimeTitle = "Drift over time";

    private const string ReferenceLabel = "reference";
    private const string CurrentLabel = "current";

    /// <summary>
    /// PSI per feature as horizontal bars, worst at the top, coloured by severity, with dashed
    /// threshold lines. Horizontal bars keep 50 long feature names readable; the chart grows
    /// taller with the number of features instead of squeezing them.
    /// </summary>
    public static string PsiBars(IReadOnlyList<FeaturePsi> features, double moderate = 0.1, double high = 0.2, double critical = 0.5)
    {
        if (features.Count == 0 || features.All(f => !double.IsFinite(f.Psi)))
        {
            return ChartCanvas.NoData(PsiTitle);
        }

        // Bars are drawn bottom-up, so the largest PSI comes last to end up at the top.
        var ordered = features.OrderBy(f => double.IsFinite(f.Psi) ? f.Psi : double.NegativeInfinity).ToArray();
        var height = Math.Max(ChartCanvas.Height, 130 + (22 * ordered.Length));
        var plot = ChartCanvas.Create(PsiTitle, "PSI", string.Empty);

        var bars = ordered.Select((f, i) =>
        {
            var color = SeverityPalette.ColorOf(f.Severity);
            return new Bar
            {
                Position = i,
                Value = double.IsFinite(f.Psi) ? f.Psi : 0,
                FillColor = color,
                LineColor = color,
                Size = 0.7,
            };
        }).ToArray();
        plot.Add.Bars(bars).Horizontal = true;

        // A feature whose PSI could not be computed keeps its row, marked, rather than vanishing.
        var labels = ordered.Select(f => double.IsFinite(f.Psi) ? f.Feature : $"{f.Feature} (n/a)").ToArray();
        plot.Axes.Left.TickGenerator = new NumericManual([.. Enumerable.Range(0, ordered.Length).Select(i => (double)i)], labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;

        // The thresholds are named in the legend rather than on the lines: 0.1 and 0.2 sit too close together
        // on a wide PSI axis for labels on the lines to stay apart.
        var thresholds = new[] { (moderate, "moderate"), (high, "high"), (critical, "critical") };
        foreach (var (threshold, name) in thresholds)
        {
            plot.Add.VerticalLine(threshold, 1.5f, SeverityPalette.ColorOf(name), LinePattern.Dashed);
        }

        foreach (var severity in SeverityPalette.Bands)
        {
            var limit = thresholds.FirstOrDefault(t => t.Item2 == severity).Item1;
            var text = limit > 0 ? $"{severity} (≥ {limit.ToString("0.##", CultureInfo.InvariantCulture)}, dashed)" : severity;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = text, FillColor = SeverityPalette.ColorOf(severity) });
        }

        // Room above the plot for the threshold labels, so they never run into the title.
        plot.Axes.Top.MinimumSize = 30;
        plot.ShowLegend(Alignment.LowerRight);

        var maxPsi = ordered.Max(f => double.IsFinite(f.Psi) ? f.Psi : 0);
        plot.Axes.SetLimits(0, Math.Max(maxPsi, critical) * 1.12, -0.6, ordered.Length - 0.4);
        return ChartCanvas.ToSvg(plot, PsiTitle, ChartCanvas.Width, height);
    }

    /// <summary>
    /// Reference and current ECDFs of a numeric feature (from binned counts) with the KS
    /// distance drawn as a vertical segment between the curves at the location of the maximum.
    /// </summary>
    public static string Ecdf(string feature, double[] edges, long[] referenceCounts, long[] currentCounts, double ksStatistic, double ksLocation)
    {
        var title = $"Cumulative distribution of {feature}";
        if (!Bins.TryDrawable(edges, referenceCounts, currentCounts, out var x))
        {
            return ChartCanvas.NoData(title);
        }

        var plot = ChartCanvas.Create(title, feature, "cumulative share");
        var referenceCdf = EmpiricalCdf.CumulativeProportions(referenceCounts);
        var currentCdf = EmpiricalCdf.CumulativeProportions(currentCounts);
        // A little room either side so the first and last risers are not hidden by the frame.
        var margin = (x[^1] - x[0]) * 0.03;
        var (left, right) = (x[0] - margin, x[^1] + margin);
        AddStepLine(plot, x, referenceCdf, (left, right), ChartCanvas.Reference, ReferenceLabel, LinePattern.Solid);
        AddStepLine(plot, x, currentCdf, (left, right), ChartCanvas.Current, CurrentLabel, LinePattern.Dashed);

        var annotation = double.IsFinite(ksStatistic) ? $"KS D = {ChartCanvas.Format(ksStatistic)}" : "KS D = n/a";
        var markerX = double.IsFinite(ksLocation) ? Math.Clamp(ksLocation, x[0], x[^1]) : double.NaN;
        if (double.IsFinite(markerX))
        {
            var low = EmpiricalCdf.ValueAt(x, referenceCdf, markerX);
            var top = EmpiricalCdf.ValueAt(x, currentCdf, markerX);
            var segment = plot.Add.Line(markerX, low, markerX, top);
            segment.LineWidth = 3;
            segment.LineColor = ChartCanvas.Ink;

            // The label sits on the side of the segment with more room so it never leaves the plot.
            var onRight = markerX < (x[0] + x[^1]) / 2;
            var text = plot.Add.Text(annotation, markerX, (low + top) / 2);
            text.LabelFontSize = ChartCanvas.LegendSize;
            text.LabelBold = true;
            text.LabelFontColor = ChartCanvas.Ink;
            text.LabelBackgroundColor = Colors.White;
            text.LabelBorderColor = ChartCanvas.Ink;
            text.LabelBorderWidth = 1;
            text.LabelPadding = 4;
            text.LabelAlignment = onRight ? Alignment.MiddleLeft : Alignment.MiddleRight;
            text.OffsetX = onRight ? 8 : -8;
        }
        else
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = annotation });
        }

        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.SetLimits(left, right, -0.02, 1.04);
        return ChartCanvas.ToSvg(plot, title, ChartCanvas.Width, ChartCanvas.Height);
    }

    /// <summary>Overlaid, semi-transparent histograms of the two windows as shares of their rows.</summary>
    public static string Histogram(string feature, double[] edges, long[] referenceCounts, long[] currentCounts)
    {
        var title = $"Distribution of {feature}";
        if (!Bins.TryDrawable(edges, referenceCounts, currentCounts, out var x))
        {
            return ChartCanvas.NoData(title);
        }

        var plot = ChartCanvas.Create(title, feature, "share of rows");
        var reference = Bins.Proportions(referenceCounts);
        var current = Bins.Proportions(currentCounts);
        AddBinBars(plot, x, reference, ChartCanvas.Reference, ReferenceLabel);
        AddBinBars(plot, x, current, ChartCanvas.Current, CurrentLabel);

        plot.ShowLegend(Alignment.UpperRight);
        // Headroom keeps the upper-right legend clear of the tallest bars.
        plot.Axes.SetLimits(x[0], x[^1], 0, Math.Max(reference.Max(), current.Max()) * 1.35);
        return ChartCanvas.ToSvg(plot, title, ChartCanvas.Width, ChartCanvas.Height);
    }

    /// <summary>Reference and current share of each category as grouped bars.</summary>
    public static string CategoryBars(string feature, IReadOnlyList<string> categories, double[] referenceShares, double[] currentShares)
    {
        var title = $"Categories of {feature}";
        var count = categories.Count;
        if (count == 0 || referenceShares.Length != count || currentShares.Length != count
            || referenceShares.Concat(currentShares).Any(s => !double.IsFinite(s)))
        {
            return ChartCanvas.NoData(title);
        }

        var plot = ChartCanvas.Create(title, feature, "share of rows");
        AddGroupedBars(plot, referenceShares, -0.2, ChartCanvas.Reference, ReferenceLabel);
        AddGroupedBars(plot, currentShares, 0.2, ChartCanvas.Current, CurrentLabel);
        plot.Axes.Bottom.TickGenerator = new NumericManual([.. Enumerable.Range(0, count).Select(i => (double)i)], [.. categories]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // Many or long category names would collide side by side; slanted they stay apart.
        var width = ChartCanvas.Width;
        var height = ChartCanvas.Height;
        if (count > 8 || categories.Any(c => c.Length > 80 / count))
        {
            var style = plot.Axes.Bottom.TickLabelStyle;
            style.Rotation = -45;
            style.Alignment = Alignment.MiddleRight;
            using var paint = Paint.NewDisposablePaint();
            var (_, longest) = style.MeasureWidestString([.. categories], paint);
            plot.Axes.Bottom.MinimumSize = (float)(longest.Length * Math.Sin(Math.PI / 4)) + 40;
            height += (int)plot.Axes.Bottom.MinimumSize;
        }

        plot.ShowLegend(Alignment.UpperRight);
        var top = Math.Max(referenceShares.Max(), currentShares.Max());
        plot.Axes.SetLimits(-0.6, count - 0.4, 0, (top > 0 ? top : 1) * 1.35);
        return ChartCanvas.ToSvg(plot, title, width, height);
    }

    /// <summary>
    /// Share of drifted features (left axis, with the dataset-drift threshold dashed) and the
    /// largest feature PSI (right axis) per scan. Markers keep a single scan visible.
    /// </summary>
    private static string IsoTick(DateTime at) =>
        at.TimeOfDay == TimeSpan.Zero
            ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : at.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string DriftOverTime(IReadOnlyList<DriftPoint> points, double datasetDriftShare = 0.5)
    {
        var ordered = points.OrderBy(p => p.At).ToArray();
        var shares = ordered.Where(p => double.IsFinite(p.DriftShare)).ToArray();
        var psis = ordered.Where(p => double.IsFinite(p.MaxPsi)).ToArray();
        if (shares.Length == 0 && psis.Length == 0)
        {
            return ChartCanvas.NoData(DriftOverTimeTitle);
        }

        var plot = ChartCanvas.Create(DriftOverTimeTitle, string.Empty, "share of drifted features");

        // DateTimeTicksBottom swaps in a new bottom axis, so its label and tick style are set after.
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            // The portal writes times as ISO 8601 UTC everywhere, chart axes included.
            ticks.LabelFormatter = IsoTick;
        }

        plot.XLabel("scan time", ChartCanvas.AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = ChartCanvas.TickSize;
        plot.Axes.Bottom.TickLabelStyle.ForeColor = ChartCanvas.Ink;

        var share = plot.Add.Scatter(shares.Select(p => p.At.ToOADate()).ToArray(), shares.Select(p => p.DriftShare).ToArray(), ChartCanvas.Reference);
        share.LegendText = "drifted share";
        share.LineWidth = 2;
        share.MarkerSize = 8;

        var psi = plot.Add.Scatter(psis.Select(p => p.At.ToOADate()).ToArray(), psis.Select(p => p.MaxPsi).ToArray(), ChartCanvas.Current);
        psi.LegendText = "max PSI";
        psi.LineWidth = 2;
        psi.MarkerSize = 8;
        psi.MarkerShape = MarkerShape.FilledSquare;
        psi.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "max PSI";
        plot.Axes.Right.Label.FontSize = ChartCanvas.AxisLabelSize;
        plot.Axes.Right.TickLabelStyle.FontSize = ChartCanvas.TickSize;

        var threshold = plot.Add.HorizontalLine(datasetDriftShare, 1.5f, SeverityPalette.ColorOf("Critical"), LinePattern.Dashed);
        threshold.LegendText = $"dataset drift ({ChartCanvas.Format(datasetDriftShare)})";

        // A single scan has no time span; widen to a day either side so the axis has ticks.
        var first = ordered[0].At.ToOADate();
        var last = ordered[^1].At.ToOADate();
        var pad = last > first ? (last - first) * 0.05 : 1.0;
        plot.Axes.SetLimitsX(first - pad, last + pad);
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Left);
        var maxPsi = psis.Length > 0 ? psis.Max(p => p.MaxPsi) : 0;
        plot.Axes.SetLimitsY(0, Math.Max(maxPsi, 0.5) * 1.1, plot.Axes.Right);

        plot.ShowLegend(Edge.Bottom);
        return ChartCanvas.ToSvg(plot, DriftOverTimeTitle, ChartCanvas.Width, ChartCanvas.Height);
    }

    private static void AddStepLine(Plot plot, double[] edges, double[] cumulative, (double Left, double Right) span, Color color, string label, LinePattern pattern)
    {
        // A CDF is 0 before the data and 1 after it, so both ends run flat to the plot's edges.
        var (xs, ys) = EmpiricalCdf.Steps(edges, cumulative);
        double[] lineXs = [span.Left, .. xs, span.Right];
        double[] lineYs = [0, .. ys, 1];
        var line = plot.Add.ScatterLine(lineXs, lineYs, color);
        line.LineWidth = 2.5f;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    private static void AddBinBars(Plot plot, double[] edges, double[] shares, Color color, string label)
    {
        var bars = shares.Select((share, i) => new Bar
        {
            Position = (edges[i] + edges[i + 1]) / 2,
            Size = edges[i + 1] - edges[i],
            Value = share,
            FillColor = color.WithAlpha(0.45),
            LineColor = color,
            LineWidth = 1,
        }).ToArray();
        plot.Add.Bars(bars).LegendText = label;
    }

    private static void AddGroupedBars(Plot plot, double[] shares, double offset, Color color, string label)
    {
        var bars = shares.Select((share, i) => new Bar
        {
            Position = i + offset,
            Size = 0.38,
            Value = share,
            FillColor = color,
            LineColor = color,
        }).ToArray();
        plot.Add.Bars(bars).LegendText = label;
    }
}
