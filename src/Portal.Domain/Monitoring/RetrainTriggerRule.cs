using System.Globalization;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The retraining trigger's rule, pure: it holds when dataset drift is watched and found, or the share of drifted
/// features reaches the model's share, or the live performance dropped by at least the model's threshold; it may fire
/// only when the cooldown since the last firing has passed (a firing and the cooldown are claimed together, so it
/// fires at most once per cooldown).
/// </summary>
public static class RetrainTriggerRule
{
    /// <summary>The reasons the rule holds (empty: it does not).</summary>
    public static IReadOnlyList<string> Reasons(MonitoringSettings settings, bool datasetDrift, double driftShare, PerformanceDriftResult? performance)
    {
        var reasons = new List<string>();
        if (!settings.TriggerEnabled)
        {
            return reasons;
        }

        if (settings.TriggerOnDatasetDrift && datasetDrift)
        {
            reasons.Add("dataset drift");
        }

        if (driftShare >= settings.TriggerDriftShare)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{driftShare:P0} of features drifted (rule: ≥ {settings.TriggerDriftShare:P0})"));
        }

        if (performance is { Dropped: true, DropPoints: { } drop })
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"performance dropped {drop:0.##} points (rule: ≥ {settings.PerformanceDropPoints:0.##})"));
        }

        return reasons;
    }

    /// <summary>When the trigger may fire again (null: now).</summary>
    public static DateTime? CoolingUntil(MonitoringSettings settings, DateTime now) =>
        settings.LastTriggeredAt is { } last && last.AddHours(settings.CooldownHours) > now ? last.AddHours(settings.CooldownHours) : null;
}
