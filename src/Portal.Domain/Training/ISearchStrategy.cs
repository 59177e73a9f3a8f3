namespace ModelLifecycle.Domain.Training;

/// <summary>
/// A hyperparameter search as ask/tell: the caller trains each plan <see cref="Next"/> returns and hands back every
/// outcome so far, in order. The strategy holds no mutable state, so a run can be replayed or resumed from its
/// recorded outcomes, and it knows nothing of ML.NET.
/// </summary>
public interface ISearchStrategy
{
    SearchObjective Objective { get; }

    /// <summary>How many trainings the whole search runs, known up front so progress can say "trial k of N".</summary>
    int TotalTrials { get; }

    /// <summary>The next training, or null when the search is complete.</summary>
    TrialPlan? Next(IReadOnlyList<TrialOutcome> completed);

    /// <summary>The trial whose model the search would keep now, or null before the first outcome.</summary>
    TrialOutcome? Best(IReadOnlyList<TrialOutcome> completed);
}
