namespace ModelLifecycle.Domain.Training;

/// <summary>
/// The hyperparameters a search may try for one trainer family, and the budget successive halving grows.
/// Names are the ones the training pipeline reads and a version's hyperparameters record.
/// </summary>
public sealed record SearchSpace
{
    public SearchSpace(TrainerFamily family, IReadOnlyList<Hyperparameter> parameters, SearchBudget budget)
    {
        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"{duplicate.Key}: declared twice in the search space.");
        }

        (Family, Parameters, Budget) = (family, parameters, budget);
    }

    public TrainerFamily Family { get; }

    public IReadOnlyList<Hyperparameter> Parameters { get; }

    public SearchBudget Budget { get; }

    /// <summary>Draws every parameter once, in declaration order, so the draw sequence is fixed by the space.</summary>
    public Hyperparameters Sample(Random rng) => new(Parameters.Select(p => KeyValuePair.Create(p.Name, p.Sample(rng))));

    /// <summary>Whether every declared parameter is present and within its range (the budget may be overridden).</summary>
    public bool Contains(Hyperparameters values) =>
        Parameters.All(p => values.Values.TryGetValue(p.Name, out var v) && (p.Name == Budget.Parameter || p.Contains(v)));

    /// <summary>Sets the budget parameter to an amount, as an integer when the space declares it as one.</summary>
    public Hyperparameters WithBudget(Hyperparameters values, double amount) =>
        values.With(Budget.Parameter, Parameters.FirstOrDefault(p => p.Name == Budget.Parameter) is IntRange
            ? (object)Math.Max(1, (int)Math.Round(amount, MidpointRounding.AwayFromZero))
            : amount);

    /// <summary>
    /// The declared space per family. Ranges follow the usual tuning advice (log scale for counts, rates and
    /// regularisation; trees from tens to a couple of hundred), kept small enough that a trial takes seconds.
    /// </summary>
    /// <param name="featureCount">Input features of the model; bounds the PCA rank.</param>
    public static SearchSpace Default(TrainerFamily family, int featureCount) => family switch
    {
        TrainerFamily.FastTree => new(family, TreeParameters(), new SearchBudget("numberOfTrees", 20, 200)),
        TrainerFamily.LightGbm => new(
            family,
            [.. TreeParameters(), new FloatRange("l2Regularization", 1e-3, 10, logScale: true)],
            new SearchBudget("numberOfTrees", 20, 200)),
        TrainerFamily.LogisticRegression => new(
            family,
            [
                new Choice("solver", "lbfgs", "sdca"),
                new FloatRange("l1Regularization", 1e-5, 1, logScale: true),
                new FloatRange("l2Regularization", 1e-5, 1, logScale: true),
            ],
            new SearchBudget(SearchBudget.TrainingFraction, 0.1, 1)),
        TrainerFamily.RandomizedPca => new(
            family,
            [
                new IntRange("rank", 1, Math.Clamp(featureCount, 1, 10)),
                new IntRange("oversampling", 5, 30),
                new Choice("ensureZeroMean", "true", "false"),
            ],
            new SearchBudget(SearchBudget.TrainingFraction, 0.1, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    private static Hyperparameter[] TreeParameters() =>
    [
        new IntRange("numberOfTrees", 20, 200, logScale: true),
        new IntRange("numberOfLeaves", 4, 64, logScale: true),
        new FloatRange("learningRate", 0.02, 0.3, logScale: true),
        new IntRange("minimumExampleCountPerLeaf", 2, 50, logScale: true),
    ];
}
