using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// The shares a canary walks through (default 10 → 50 → 100). Steps rise strictly and end at 100, so "next" is
/// always defined until the rollout is complete; the last step needs an approved promotion, which the caller checks.
/// </summary>
public sealed record CanaryPlan
{
    private CanaryPlan(IReadOnlyList<TrafficPercent> steps) => Steps = steps;

    public static CanaryPlan Default { get; } = new([TrafficPercent.FromTenths(100), TrafficPercent.FromTenths(500), TrafficPercent.Hundred]);

    public IReadOnlyList<TrafficPercent> Steps { get; }

    public TrafficPercent First => Steps[0];

    /// <summary>Builds a plan from percents as configured or sent (field "steps").</summary>
    public static CanaryPlan Of(IReadOnlyList<decimal>? percents)
    {
        if (percents is null || percents.Count == 0)
        {
            throw DomainException.Invalid("steps: at least one canary step is required.");
        }

        var steps = new TrafficPercent[percents.Count];
        for (var i = 0; i < percents.Count; i++)
        {
            steps[i] = TrafficPercent.Parse(percents[i], $"steps[{i}]");
            if (steps[i].IsZero)
            {
                throw DomainException.Invalid($"steps[{i}]: a canary step must be above 0.");
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                throw DomainException.Invalid($"steps[{i}]: {steps[i]} does not rise above the previous step {steps[i - 1]}.");
            }
        }

        if (steps[^1] != TrafficPercent.Hundred)
        {
            throw DomainException.Invalid($"steps: the last step must be 100, not {steps[^1]}.");
        }

        return new CanaryPlan(steps);
    }

    /// <summary>The first step above <paramref name="current"/>, or null when the canary already has 100 %.</summary>
    /// <remarks>A share moved by hand between steps advances to the next step above it, never back down.</remarks>
    public TrafficPercent? Next(TrafficPercent current)
    {
        foreach (var step in Steps)
        {
            if (step > current)
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The last step below <paramref name="current"/>, or 0 % (canary off) below the first step.</summary>
    public TrafficPercent Previous(TrafficPercent current)
    {
        var previous = TrafficPercent.Zero;
        foreach (var step in Steps)
        {
            if (step >= current)
            {
                break;
            }

            previous = step;
        }

        return previous;
    }

    public bool Equals(CanaryPlan? other) => other is not null && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => Steps.Aggregate(0, (hash, step) => HashCode.Combine(hash, step));

    public override string ToString() => string.Join(" → ", Steps);
}
