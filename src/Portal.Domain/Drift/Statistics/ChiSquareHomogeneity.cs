using MathNet.Numerics;

namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Chi-square test of homogeneity on the 2×k table (reference row, current row) of category counts, as scipy
/// 1.10 <c>chi2_contingency(table)</c>: expected = row total · column total / N, dof = k − 1, Yates' continuity
/// correction only when dof = 1 (each cell moved toward its expectation by min(0.5, |o − e|)),
/// p = P(χ²_dof ≥ statistic). Categories empty in both rows are dropped (scipy would reject a zero expectation).
/// With a single category (dof = 0) the windows cannot differ: statistic 0, p = 1, as scipy returns.
/// </summary>
public static class ChiSquareHomogeneity
{
    public static ChiSquareResult Test(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length)
        {
            throw new ArgumentException("Both rows need the same categories.");
        }

        var columns = new List<(long Reference, long Current)>(reference.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            if (reference[i] < 0 || current[i] < 0)
            {
                throw new ArgumentException("Counts must be non-negative.");
            }

            if (reference[i] + current[i] > 0)
            {
                columns.Add((reference[i], current[i]));
            }
        }

        long referenceTotal = columns.Sum(c => c.Reference), currentTotal = columns.Sum(c => c.Current);
        var dof = columns.Count - 1;
        if (dof <= 0 || referenceTotal == 0 || currentTotal == 0)
        {
            // Degenerate table: one category, or one window empty (no rows to compare).
            return new ChiSquareResult(0.0, Math.Max(dof, 0), 1.0);
        }

        double total = referenceTotal + currentTotal;
        var statistic = 0.0;
        foreach (var (r, c) in columns)
        {
            double columnTotal = r + c;
            statistic += Cell(r, referenceTotal * columnTotal / total, dof);
            statistic += Cell(c, currentTotal * columnTotal / total, dof);
        }

        var p = SpecialFunctions.GammaUpperRegularized(dof / 2.0, statistic / 2.0);
        return new ChiSquareResult(statistic, dof, p);
    }

    private static double Cell(double observed, double expected, int dof)
    {
        if (dof == 1)
        {
            var diff = expected - observed;
            observed += Math.Sign(diff) * Math.Min(0.5, Math.Abs(diff));
        }

        var d = observed - expected;
        return d * d / expected;
    }
}
