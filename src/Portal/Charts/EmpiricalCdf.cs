namespace ModelLifecycle.Portal.Charts;

/// <summary>Empirical CDFs reconstructed from binned counts, as the drift report stores them.</summary>
internal static class EmpiricalCdf
{
    /// <summary>
    /// Cumulative share of rows in bins 0..i, i.e. the ECDF at the upper edge of bin i.
    /// Empty input or a zero total gives an empty array: there is no distribution to draw.
    /// </summary>
    public static double[] CumulativeProportions(IReadOnlyList<long> counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            if (count < 0)
            {
                return [];
            }

            total += count;
        }

        if (total == 0)
        {
            return [];
        }

        var cumulative = new double[counts.Count];
        long running = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            running += counts[i];
            cumulative[i] = running / (double)total;
        }

        // Rounding must not leave the curve a hair below 1 at the last edge.
        cumulative[^1] = 1.0;
        return cumulative;
    }

    /// <summary>
    /// Value of the binned ECDF at x: the cumulative share of every bin whose upper edge is ≤ x.
    /// Within a bin the rows' positions are unknown, so the curve is a right-continuous step.
    /// </summary>
    public static double ValueAt(IReadOnlyList<double> edges, IReadOnlyList<double> cumulative, double x)
    {
        var value = 0.0;
        for (var i = 0; i < cumulative.Count; i++)
        {
            if (edges[i + 1] <= x)
            {
                value = cumulative[i];
            }
        }

        return value;
    }

    /// <summary>Vertices of the step line: flat at 0 from the first edge, then a riser at each upper edge.</summary>
    public static (double[] Xs, double[] Ys) Steps(IReadOnlyList<double> edges, IReadOnlyList<double> cumulative)
    {
        var xs = new double[1 + (2 * cumulative.Count)];
        var ys = new double[xs.Length];
        xs[0] = edges[0];
        var previous = 0.0;
        for (var i = 0; i < cumulative.Count; i++)
        {
            xs[1 + (2 * i)] = edges[i + 1];
            ys[1 + (2 * i)] = previous;
            xs[2 + (2 * i)] = edges[i + 1];
            ys[2 + (2 * i)] = cumulative[i];
            previous = cumulative[i];
        }

        return (xs, ys);
    }
}
