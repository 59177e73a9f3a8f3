using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>What a breach does to the candidate's traffic.</summary>
public enum RollbackMode
{
    /// <summary>All of a breaching candidate's traffic goes back to the stable version at once.</summary>
    Immediate,

    /// <summary>The candidate's share steps down (halving) once per evaluation that still sees a breach.</summary>
    Gradual,

    /// <summary>The breach raises an alert and nothing moves until a person decides.</summary>
    Manual,
}

/// <summary>
/// When a candidate is unhealthy, per deployment. Every limit is strict: a candidate is judged only with at least
/// <see cref="MinSamples"/> requests, and breaches only when it is worse than the limit, so exactly 10 % errors,
/// a p95 of exactly 100 ms or an accuracy exactly 5 points below the stable version still pass (a limit names the
/// worst acceptable value, as "error rate > 10 %" in the issue reads).
/// </summary>
public sealed record RollbackPolicy
{
    public static RollbackPolicy Default { get; } = new();

    /// <summary>Largest acceptable error rate in percent.</summary>
    public decimal MaxErrorRatePercent { get; init; } = 10m;

    /// <summary>Largest acceptable 95th-percentile latency in milliseconds.</summary>
    public double MaxP95LatencyMs { get; init; } = 100;

    /// <summary>Largest acceptable accuracy drop against the stable version, in percentage points.</summary>
    public decimal MaxAccuracyDropPoints { get; init; } = 5m;

    /// <summary>Requests a candidate needs in the window before it is judged; labels needed per version before accuracy is.</summary>
    public int MinSamples { get; init; } = 100;

    public RollbackMode Mode { get; init; } = RollbackMode.Immediate;

    public GradualStepDown StepDown { get; init; } = GradualStepDown.Default;

    /// <summary>Refuses settings a person could send that make no sense, naming the field.</summary>
    public RollbackPolicy Validated()
    {
        if (MaxErrorRatePercent is < 0 or > 100)
        {
            throw DomainException.Invalid($"maxErrorRatePercent: {MaxErrorRatePercent} is not between 0 and 100.");
        }

        if (!double.IsFinite(MaxP95LatencyMs) || MaxP95LatencyMs <= 0)
        {
            throw DomainException.Invalid($"maxP95LatencyMs: {MaxP95LatencyMs} must be a positive number of milliseconds.");
        }

        if (MaxAccuracyDropPoints is < 0 or > 100)
        {
            throw DomainException.Invalid($"maxAccuracyDropPoints: {MaxAccuracyDropPoints} is not between 0 and 100.");
        }

        if (MinSamples < 1)
        {
            throw DomainException.Invalid($"minSamples: {MinSamples} must be at least 1.");
        }

        if (!Enum.IsDefined(Mode))
        {
            throw DomainException.Invalid($"mode: {(int)Mode} is not immediate, gradual or manual.");
        }

        return this;
    }
}
