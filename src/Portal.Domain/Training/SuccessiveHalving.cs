namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Successive halving (Jamieson &amp; Talwalkar 2016; the inner loop of Hyperband): draw N configurations with one
/// seeded generator, train all on a small budget, keep the best ⌊n/η⌋, multiply the budget by η, repeat; the last
/// rung trains at the full budget. The rung count is the largest that keeps both the budget ≥ its minimum and at
/// least one survivor: R = 1 + min(⌊log_η(max/min)⌋, ⌊log_η N⌋). Rung k trains ⌊N/η^k⌋ configurations at
/// max/η^(R−1−k).
/// </summary>
public sealed class SuccessiveHalving : ISearchStrategy
{
    private readonly SearchSpace space;
    private readonly Hyperparameters[] configurations;

    public SuccessiveHalving(SearchSpace space, int configurations, int seed, SearchObjective objective, int eta = 3)
    {
        if (configurations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configurations), configurations, "A search needs at least one configuration.");
        }

        if (eta < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be at least 2.");
        }

        this.space = space;
        Objective = objective;
        Eta = eta;
        var rng = new Random(seed);
        this.configurations = [.. Enumerable.Range(0, configurations).Select(_ => space.Sample(rng))];
        Rungs = Schedule(configurations, eta, space.Budget);
        TotalTrials = Rungs.Sum(r => r.Configurations);
    }

    public SearchObjective Objective { get; }

    public int Eta { get; }

    public IReadOnlyList<HalvingRung> Rungs { get; }

    public int TotalTrials { get; }

    public static IReadOnlyList<HalvingRung> Schedule(int configurations, int eta, SearchBudget budget)
    {
        // A small epsilon keeps exact powers (e.g. log_3 27 = 3) from flooring to one less through rounding error.
        var byBudget = (int)Math.Floor((Math.Log(budget.Maximum / budget.Minimum) / Math.Log(eta)) + 1e-9);
        var byCount = (int)Math.Floor((Math.Log(configurations) / Math.Log(eta)) + 1e-9);
        var rungs = 1 + Math.Min(byBudget, byCount);
        return [.. Enumerable.Range(0, rungs).Select(k => new HalvingRung(
            k,
            (int)(configurations / Math.Pow(eta, k)),
            budget.Maximum / Math.Pow(eta, rungs - 1 - k)))];
    }

    public TrialPlan? Next(IReadOnlyList<TrialOutcome> completed)
    {
        var done = 0;
        foreach (var rung in Rungs)
        {
            var inRung = completed.Count - done;
            if (inRung < rung.Configurations)
            {
                var candidates = Candidates(rung, completed);
                var configuration = candidates[inRung];
                return new TrialPlan(
                    completed.Count + 1,
                    configuration,
                    rung.Index,
                    space.WithBudget(configurations[configuration], rung.Budget));
            }

            done += rung.Configurations;
        }

        return null;
    }

    /// <summary>The best trial of the highest rung reached: a score at a larger budget outranks any at a smaller one.</summary>
    public TrialOutcome? Best(IReadOnlyList<TrialOutcome> completed) =>
        completed.Count == 0 ? null : SearchRanking.Best(completed.Where(o => o.Plan.Rung == completed.Max(c => c.Plan.Rung)), Objective);

    // Rung 0 tries every configuration in draw order; rung k the best ⌊N/η^k⌋ of rung k−1, best first.
    private int[] Candidates(HalvingRung rung, IReadOnlyList<TrialOutcome> completed)
    {
        if (rung.Index == 0)
        {
            return [.. Enumerable.Range(0, rung.Configurations)];
        }

        var previous = completed.Where(o => o.Plan.Rung == rung.Index - 1);
        return [.. SearchRanking.Ranked(previous, Objective).Take(rung.Configurations).Select(o => o.Plan.Configuration)];
    }
}
