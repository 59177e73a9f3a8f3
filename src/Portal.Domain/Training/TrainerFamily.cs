namespace ModelLifecycle.Domain.Training;

/// <summary>An ML.NET trainer a retraining can search over; which ones suit a task is in <see cref="TrainerFamilies"/>.</summary>
public enum TrainerFamily
{
    FastTree,
    LightGbm,
    LogisticRegression,
    RandomizedPca,
}
