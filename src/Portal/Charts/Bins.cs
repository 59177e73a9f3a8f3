namespace ModelLifecycle.Portal.Charts;

/// <summary>Checks and normalises the binned counts of a numeric feature before they are drawn.</summary>
internal static class Bins
{
    /// <summary>
    /// True when edges and both count arrays describe at least two bins with rows in each window.
    /// Open outer edges (±∞, as open-ended quantile bins have) are closed at one neighbouring
    /// bin width so the outer bins still get a visible, finite extent.
    /// </summary>
    public static bool TryDrawable(double[] edges, long[] referenceCounts, long[] currentCounts, out double[] drawableEdges)
    {
        drawableEdges = [];
        var bins = referenceCounts.Length;
        if (bins < 2 || currentCounts.Length != bins || edges.Length != bins + 1)
        {
            return false;
        }

        if (EmpiricalCdf.CumulativeProportions(referenceCounts).Length == 0
            || EmpiricalCdf.CumulativeProportions(currentCounts).Length == 0)
        {
            return false;
        }

        var closed = (double[])edges.Clone();
        if (double.IsNegativeInfinity(closed[0]) && double.IsFinite(closed[1]) && double.IsFinite(closed[2]))
        {
            closed[0] = closed[1] - (closed[2] - closed[1]);
        }

        if (double.IsPositiveInfinity(closed[^1]) && double.IsFinite(closed[^2]) && double.IsFinite(closed[^3]))
        {
            closed[^1] = closed[^2] + (closed[^2] - closed[^3]);
        }

        for (var i = 0; i < closed.Length; i++)
        {
            if (!double.IsFinite(closed[i]) || (i > 0 && closed[i] <= closed[i - 1]))
            {
                return false;
            }
        }

        drawableEdges = closed;
        return true;
    }

    /// <summary>Counts as shares of the window, so windows of different sizes compare.</summary>
    public static double[] Proportions(long[] counts)
    {
        var total = (double)counts.Sum();
        return [.. counts.Select(c => c / total)];
    }
}
