using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>Which trainer families suit which task, and the one used when a launch names none.</summary>
public static class TrainerFamilies
{
    public static IReadOnlyList<TrainerFamily> For(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => [TrainerFamily.FastTree, TrainerFamily.LightGbm, TrainerFamily.LogisticRegression],
        ModelTask.Regression => [TrainerFamily.FastTree, TrainerFamily.LightGbm],
        ModelTask.AnomalyDetection => [TrainerFamily.RandomizedPca],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    public static TrainerFamily Default(ModelTask task) => For(task)[0];

    /// <summary>Refuses a family that cannot train the task (e.g. randomized PCA for regression).</summary>
    public static void Require(ModelTask task, TrainerFamily family)
    {
        if (!For(task).Contains(family))
        {
            throw DomainException.Invalid(
                $"trainerFamily: {family} cannot train a {task} model; choose one of {string.Join(", ", For(task))}.");
        }
    }
}
