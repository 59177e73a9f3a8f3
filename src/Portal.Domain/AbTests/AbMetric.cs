namespace ModelLifecycle.Domain.AbTests;

/// <summary>The primary metric an A/B test decides on.</summary>
public enum AbMetric
{
    /// <summary>Share of labelled predictions that were correct (higher is better); two-proportion z-test.</summary>
    Accuracy,

    /// <summary>F1 of the positive class over labelled predictions (higher is better); z-test on TP / (TP + FP + FN).</summary>
    F1,

    /// <summary>Share of served requests that failed to score (lower is better); two-proportion z-test.</summary>
    ErrorRate,

    /// <summary>Mean latency of served requests in ms (lower is better); Welch's t-test.</summary>
    Latency,
}

public static class AbMetricRules
{
    public static bool HigherIsBetter(this AbMetric metric) => metric is AbMetric.Accuracy or AbMetric.F1;

    /// <summary>Accuracy and F1 compare a 0/1 prediction with a 0/1 label: binary classifiers only.</summary>
    public static bool NeedsClassLabels(this AbMetric metric) => metric is AbMetric.Accuracy or AbMetric.F1;

    /// <summary>Whether a test of a model with this task can decide on the metric.</summary>
    public static bool AppliesTo(this AbMetric metric, Registry.ModelTask task) => !metric.NeedsClassLabels() || task == Registry.ModelTask.BinaryClassification;

    /// <summary>"Accuracy", "F1", "Error rate", "Latency (mean)": how the portal names the metric.</summary>
    public static string Label(this AbMetric metric) => metric switch
    {
        AbMetric.Accuracy => "Accuracy",
        AbMetric.F1 => "F1",
        AbMetric.ErrorRate => "Error rate",
        _ => "Latency (mean)",
    };

    /// <summary>"accuracy", "f1", "error_rate", "latency": the words the API uses.</summary>
    public static string ApiName(this AbMetric metric) => metric switch
    {
        AbMetric.Accuracy => "accuracy",
        AbMetric.F1 => "f1",
        AbMetric.ErrorRate => "error_rate",
        _ => "latency",
    };

    /// <summary>How a value reads to a person: percentage points for proportions, ms for latency.</summary>
    public static string Unit(this AbMetric metric) => metric == AbMetric.Latency ? "ms" : "points";
}
