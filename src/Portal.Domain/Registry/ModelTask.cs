namespace ModelLifecycle.Domain.Registry;

/// <summary>What a model predicts.</summary>
public enum ModelTask
{
    BinaryClassification,
    Regression,
    AnomalyDetection,
}
