namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Random search (Bergstra &amp; Bengio 2012): N configurations drawn independently from the space with one seeded
/// generator, each trained once at the sampled values. Same space, N and seed → the same list of trials.
/// </summary>
public sealed class RandomSearch : ISearchStrategy
{
    public RandomSearch(SearchSpace space, int trials, int seed, SearchObjective objective)
    {
        if (trials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "A search needs at least one trial.");
        }

        Objective = objective;
        var rng = new Random(seed);
        Plans = [.. Enumerable.Range(0, trials).Select(i => new TrialPlan(i + 1, i, 0, space.Sample(rng)))];
    }

    public SearchObjective Objective { get; }

    /// <summary>Every trial of the search, decided up front.</summary>
    public IReadOnlyList<TrialPlan> Plans { get; }

    public int TotalTrials => Plans.Count;

    public TrialPlan? Next(IReadOnlyList<TrialOutcome> completed) => completed.Count < Plans.Count ? Plans[completed.Count] : null;

    public TrialOutcome? Best(IReadOnlyList<TrialOutcome> completed) => SearchRanking.Best(completed, Objective);
}
