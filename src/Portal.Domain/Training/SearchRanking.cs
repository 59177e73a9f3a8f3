namespace ModelLifecycle.Domain.Training;

/// <summary>Orders outcomes by the objective; ties go to the earlier trial so the choice never depends on sorting.</summary>
internal static class SearchRanking
{
    public static IEnumerable<TrialOutcome> Ranked(IEnumerable<TrialOutcome> outcomes, SearchObjective objective) =>
        outcomes.OrderByDescending(o => objective.Utility(o.Score)).ThenBy(o => o.Plan.Number);

    public static TrialOutcome? Best(IEnumerable<TrialOutcome> outcomes, SearchObjective objective) =>
        Ranked(outcomes, objective).FirstOrDefault();
}
