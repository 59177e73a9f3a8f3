using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Training;

/// <summary>Builds the strategy a launch asks for; <c>trials</c> is the number of configurations drawn.</summary>
public static class SearchStrategies
{
    /// <summary>More configurations than this would keep a 2-core server busy for hours; raise it deliberately.</summary>
    public const int MaximumTrials = 500;

    public static ISearchStrategy Create(SearchMethod method, SearchSpace space, int trials, int seed, SearchObjective objective) => trials is < 1 or > MaximumTrials
        ? throw DomainException.Invalid($"trials: must be between 1 and {MaximumTrials}, not {trials}.")
        : method switch
        {
            SearchMethod.Random => new RandomSearch(space, trials, seed, objective),
            SearchMethod.SuccessiveHalving => new SuccessiveHalving(space, trials, seed, objective),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
}
