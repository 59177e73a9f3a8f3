namespace ModelLifecycle.Domain.Training;

/// <summary>
/// The resource successive halving grows rung by rung: a hyperparameter whose larger values cost more and usually
/// score better (number of trees, or <c>trainingFraction</c> of the training rows), from Minimum to Maximum.
/// </summary>
public sealed record SearchBudget
{
    /// <summary>The hyperparameter the training pipeline reads as "use this share of the training rows".</summary>
    public const string TrainingFraction = "trainingFraction";

    public SearchBudget(string parameter, double minimum, double maximum)
    {
        if (!(minimum > 0) || !(maximum >= minimum))
        {
            throw new ArgumentException($"{parameter}: a budget needs 0 < minimum ≤ maximum, not [{minimum}, {maximum}].");
        }

        (Parameter, Minimum, Maximum) = (parameter, minimum, maximum);
    }

    public string Parameter { get; }

    public double Minimum { get; }

    public double Maximum { get; }
}
