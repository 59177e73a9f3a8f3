namespace ModelLifecycle.Domain.Registry;

/// <summary>Lifecycle stage of a model version.</summary>
public enum Stage
{
    None,
    Staging,
    Production,
    Archived,
}
