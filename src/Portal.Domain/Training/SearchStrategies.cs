namespace ModelLifecycle.Domain.Training;

/// <summary>Builds the strategy a launch asks for; <c>trials</c> is the number of configurations drawn.</summary>
public static class SearchStrategies
{
    public static ISearchStrategy Create(SearchMethod method, SearchSpace space, int trials, int seed, SearchObjective objective) => method switch
    {
        SearchMethod.Random => new RandomSearch(space, trials, seed, objective),
        SearchMethod.SuccessiveHalving => new SuccessiveHalving(space, trials, seed, objective),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
