namespace ModelLifecycle.Domain.Training;

/// <summary>
/// One training a search asks for: its 1-based number in the run, the sampled configuration it evaluates, the rung
/// (always 0 for random search) and the values to train with, budget included.
/// </summary>
public sealed record TrialPlan(int Number, int Configuration, int Rung, Hyperparameters Parameters);
