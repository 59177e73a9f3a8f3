using MathNet.Numerics.Distributions;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// Compares F1 of the positive class between two arms. F1 = 2J / (1 + J) with J = TP / (TP + FP + FN) (the Jaccard
/// ratio), which is monotonic in J, so "equal F1" is "equal J": the p-value is the pooled two-proportion z-test of
/// TP out of TP + FP + FN per arm (each of those predictions counted once, unlike 2TP / (2TP + FP + FN)). The CI of
/// F1_B − F1_A is the delta-method Wald interval, Var(F1) ≈ (2 / (1 + J)²)² · J(1 − J) / m.
/// </summary>
public static class F1Test
{
    public static double F1(long truePositives, long falsePositives, long falseNegatives)
    {
        var m = truePositives + falsePositives + falseNegatives;
        return m == 0 ? 0 : 2.0 * truePositives / (truePositives + m);
    }

    public static ArmComparison Compare(ConfusionCounts a, ConfusionCounts b, double alpha)
    {
        var ma = a.TruePositives + a.FalsePositives + a.FalseNegatives;
        var mb = b.TruePositives + b.FalsePositives + b.FalseNegatives;
        if (ma == 0 || mb == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(a), "F1 needs at least one positive prediction or positive label per arm.");
        }

        var test = ProportionTest.Compare(a.TruePositives, ma, b.TruePositives, mb, alpha);
        double ja = (double)a.TruePositives / ma, jb = (double)b.TruePositives / mb;
        double f1a = 2 * ja / (1 + ja), f1b = 2 * jb / (1 + jb);
        var difference = f1b - f1a;
        var se = Math.Sqrt(Variance(ja, ma) + Variance(jb, mb));
        var q = Normal.InvCDF(0, 1, 1 - alpha / 2);
        return test with { Difference = difference, CiLow = difference - q * se, CiHigh = difference + q * se };
    }

    private static double Variance(double j, long m)
    {
        var slope = 2 / ((1 + j) * (1 + j));
        return slope * slope * j * (1 - j) / m;
    }
}

/// <summary>The positive-class confusion counts of one arm's labelled predictions.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public long Labelled => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public long Correct => TruePositives + TrueNegatives;
}
