namespace ModelLifecycle.Domain.Training;

/// <summary>How a retraining explores its search space.</summary>
public enum SearchMethod
{
    /// <summary>N independent configurations, each at the sampled values (N trainings).</summary>
    Random,

    /// <summary>N configurations raced on a growing budget, η = 3 (more than N trainings, most of them cheap).</summary>
    SuccessiveHalving,
}
