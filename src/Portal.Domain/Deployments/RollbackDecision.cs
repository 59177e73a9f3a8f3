namespace ModelLifecycle.Domain.Deployments;

/// <summary>How the candidates look against the policy.</summary>
public enum HealthVerdict
{
    Healthy,
    NotEnoughSamples,
    Breach,
}

/// <summary>What the caller does about a verdict.</summary>
public enum RollbackAction
{
    /// <summary>Nothing: healthy, or too little evidence to judge yet.</summary>
    None,

    /// <summary>Immediate mode: apply <see cref="RollbackDecision.NewAllocation"/>, which returns the breaching candidates' traffic to stable.</summary>
    RollBack,

    /// <summary>Gradual mode: apply <see cref="RollbackDecision.NewAllocation"/>, one step down.</summary>
    StepDown,

    /// <summary>Manual mode: raise an alert with the evidence; traffic stays as it is.</summary>
    Alert,
}

/// <summary>
/// The outcome of one evaluation. <see cref="Breaches"/> carries every number that broke a limit (the evidence to
/// store); <see cref="Waiting"/> names the candidates that have not reached the minimum sample count.
/// </summary>
public sealed record RollbackDecision(
    HealthVerdict Verdict,
    RollbackAction Action,
    TrafficAllocation? NewAllocation,
    IReadOnlyList<HealthBreach> Breaches,
    IReadOnlyList<string> Waiting)
{
    /// <summary>The evidence as one text for an audit event or an alert.</summary>
    public string Evidence => string.Join("; ", Breaches.Select(b => b.Evidence));
}
