namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// One served request as health sees it. <see cref="Correct"/> (binary classification) and
/// <see cref="AbsoluteError"/> (regression) are known only once feedback attached a label.
/// </summary>
public readonly record struct HealthObservation(
    DateTimeOffset At,
    bool Succeeded,
    double LatencyMs,
    bool? Correct = null,
    double? AbsoluteError = null);
