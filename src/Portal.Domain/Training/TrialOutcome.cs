namespace ModelLifecycle.Domain.Training;

/// <summary>A finished trial: its plan and its score on the search objective's metric.</summary>
public sealed record TrialOutcome(TrialPlan Plan, double Score);
