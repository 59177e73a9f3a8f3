namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// An A/B test as <c>GET /api/v1/abtests/{id}</c> returns it. <c>difference</c> = value B − value A (a share for the
/// proportions, ms for latency); <c>pValue</c>, <c>ciLow</c>, <c>ciHigh</c> are null until both arms have the data the
/// test needs. While <c>status</c> is Running no verdict is final and <c>winner</c> is null.
/// </summary>
public sealed record AbTestView(
    Guid Id,
    string Model,
    string Status,
    string Metric,
    IReadOnlyList<ArmResult> Arms,
    double? Difference,
    double? PValue,
    double? CiLow,
    double? CiHigh,
    string? Winner,
    decimal PercentB,
    int MinSamplesPerArm,
    double Alpha,
    bool Running,
    DateTime StartedAt,
    string StartedBy,
    DateTime? StoppedAt,
    string? StoppedBy,
    string? StopReason,
    Guid? PromotionRequestId,
    string Verdict,
    string? PromotionNote = null)
{
    /// <summary>The live split before the test started ("1.0.0 100 %"), which stopping restores if nobody changed the split meanwhile.</summary>
    public string? SplitBefore { get; init; }

    /// <summary>The test has a winner that is not in Production yet, so ending it can file the winner's promotion request.</summary>
    public bool WinnerCanBePromoted { get; init; }

    /// <summary>The test ended because something else took its split away (see <c>AbTestService.EndInterruptedAsync</c>).</summary>
    public bool Interrupted { get; init; }
}

/// <summary>A line of the model's A/B test list.</summary>
public sealed record AbTestSummary(Guid Id, string VersionA, string VersionB, decimal PercentB, string Metric, bool Running, DateTime StartedAt, DateTime? StoppedAt, string StartedBy, bool Interrupted = false);

/// <summary>One point of the chart: each arm's cumulative metric and its (1 − alpha) interval at <paramref name="At"/>.</summary>
public sealed record AbTestPoint(DateTime At, ArmPoint A, ArmPoint B);

/// <summary>An arm's cumulative value with its interval; null where it has no samples yet.</summary>
public sealed record ArmPoint(long Samples, double? Value, double? Low, double? High);
