namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Options for per-feature drift statistics.
/// <see cref="MinimumSamples"/>: a window with fewer non-missing values than this (default 10) is reported as
/// "not enough data" instead of computing statistics; ten is the smallest window in which ten PSI bins can
/// each hold a value, and below it KS has almost no power.
/// </summary>
public sealed record DriftOptions
{
    public static DriftOptions Default { get; } = new();

    public int Bins { get; init; } = PopulationStabilityIndex.DefaultBins;

    public int MinimumSamples { get; init; } = 10;
}
