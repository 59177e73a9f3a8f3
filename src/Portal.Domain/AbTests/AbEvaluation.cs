namespace ModelLifecycle.Domain.AbTests;

/// <summary>The state of a test's verdict.</summary>
public enum AbTestStatus
{
    /// <summary>An arm is below the minimum samples: numbers are shown, no verdict is final.</summary>
    Running,

    /// <summary>A is significantly better on the primary metric (p &lt; alpha).</summary>
    WinnerA,

    /// <summary>B is significantly better on the primary metric (p &lt; alpha).</summary>
    WinnerB,

    /// <summary>Enough samples and no significant difference, or stopped before the minimum was reached.</summary>
    Inconclusive,
}

/// <summary>Both arms compared on the primary metric, and what that means.</summary>
/// <param name="Comparison">Null while the test cannot be computed yet (an arm without the data its test needs).</param>
public sealed record AbEvaluation(AbTestStatus Status, ArmResult A, ArmResult B, ArmComparison? Comparison, string? Winner)
{
    /// <summary>
    /// Pure verdict: below <paramref name="minSamplesPerArm"/> in either arm the test is Running (a comparison is
    /// still computed when possible, marked not final by the status); at or above it, p &lt; alpha names the better arm
    /// (higher accuracy/F1, lower error rate/latency) and anything else is Inconclusive. A stopped test's verdict is
    /// final: Running becomes Inconclusive.
    /// </summary>
    public static AbEvaluation Evaluate(AbMetric metric, long minSamplesPerArm, double alpha, ArmCounts a, ArmCounts b, bool stopped)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var armA = ArmResult.From(a, metric);
        var armB = ArmResult.From(b, metric);
        var comparison = Compare(metric, alpha, a, b);
        var enough = armA.Samples >= minSamplesPerArm && armB.Samples >= minSamplesPerArm;
        if (!enough || comparison is null)
        {
            return new AbEvaluation(stopped ? AbTestStatus.Inconclusive : AbTestStatus.Running, armA, armB, comparison, null);
        }

        if (comparison.PValue >= alpha || comparison.Difference == 0)
        {
            return new AbEvaluation(AbTestStatus.Inconclusive, armA, armB, comparison, null);
        }

        var bBetter = comparison.Difference > 0 == metric.HigherIsBetter();
        return new AbEvaluation(bBetter ? AbTestStatus.WinnerB : AbTestStatus.WinnerA, armA, armB, comparison, bBetter ? b.Version : a.Version);
    }

    private static ArmComparison? Compare(AbMetric metric, double alpha, ArmCounts a, ArmCounts b)
    {
        switch (metric)
        {
            case AbMetric.Accuracy when a.Confusion.Labelled > 0 && b.Confusion.Labelled > 0:
                return ProportionTest.Compare(a.Confusion.Correct, a.Confusion.Labelled, b.Confusion.Correct, b.Confusion.Labelled, alpha);
            case AbMetric.F1 when Positives(a) > 0 && Positives(b) > 0:
                return F1Test.Compare(a.Confusion, b.Confusion, alpha);
            case AbMetric.ErrorRate when a.Requests > 0 && b.Requests > 0:
                return ProportionTest.Compare(a.Failures, a.Requests, b.Failures, b.Requests, alpha);
            case AbMetric.Latency when a.Latency.Count > 1 && b.Latency.Count > 1:
                return WelchTest.Compare(a.Latency, b.Latency, alpha);
            default:
                return null;
        }
    }

    private static long Positives(ArmCounts arm) => arm.Confusion.TruePositives + arm.Confusion.FalsePositives + arm.Confusion.FalseNegatives;
}
