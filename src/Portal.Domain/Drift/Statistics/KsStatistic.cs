namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Where the two-sample KS distance is attained: <paramref name="CountA"/> of <paramref name="SizeA"/> values of
/// the first sample and <paramref name="CountB"/> of <paramref name="SizeB"/> of the second lie at or below that point.
/// <paramref name="ScaledDifference"/> is |CountA·SizeB − CountB·SizeA|, so D = ScaledDifference / (SizeA·SizeB).
/// </summary>
public readonly record struct KsStatistic(int SizeA, int SizeB, long CountA, long CountB, long ScaledDifference)
{
    public double Value => ScaledDifference / ((double)SizeA * SizeB);
}
