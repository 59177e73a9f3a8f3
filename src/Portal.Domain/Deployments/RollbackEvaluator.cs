namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// Judges every candidate (a version other than the stable one with traffic above 0 %) against a
/// <see cref="RollbackPolicy"/> and says what to do. Pure: the caller reads the window and applies the decision.
/// A breach by any candidate wins over another candidate still gathering samples, so one slow starter cannot
/// shield a failing canary.
/// </summary>
public static class RollbackEvaluator
{
    /// <param name="policy">The deployment's policy.</param>
    /// <param name="allocation">The split being served.</param>
    /// <param name="stable">The stable (Production) version traffic falls back to.</param>
    /// <param name="health">Health per version over the current window; a version without an entry has no requests.</param>
    public static RollbackDecision Evaluate(
        RollbackPolicy policy,
        TrafficAllocation allocation,
        string stable,
        IReadOnlyDictionary<string, VersionHealth> health)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(health);

        var stableHealth = health.GetValueOrDefault(stable);
        var breaches = new List<HealthBreach>();
        var waiting = new List<string>();
        var breaching = new List<string>();
        foreach (var share in allocation.Shares)
        {
            if (share.Percent.IsZero || string.Equals(share.Version, stable, StringComparison.Ordinal))
            {
                continue;
            }

            var candidate = health.GetValueOrDefault(share.Version) ?? VersionHealth.Empty(share.Version);
            if (candidate.Requests < policy.MinSamples)
            {
                waiting.Add(share.Version);
                continue;
            }

            var found = Judge(policy, candidate, stableHealth);
            if (found.Count > 0)
            {
                breaches.AddRange(found);
                breaching.Add(share.Version);
            }
        }

        if (breaches.Count == 0)
        {
            return waiting.Count > 0
                ? new RollbackDecision(HealthVerdict.NotEnoughSamples, RollbackAction.None, null, [], waiting)
                : new RollbackDecision(HealthVerdict.Healthy, RollbackAction.None, null, [], []);
        }

        return policy.Mode switch
        {
            RollbackMode.Immediate => new RollbackDecision(
                HealthVerdict.Breach,
                RollbackAction.RollBack,
                breaching.Aggregate(allocation, (split, version) => split.Move(version, TrafficPercent.Zero, stable)),
                breaches,
                waiting),
            RollbackMode.Gradual => new RollbackDecision(
                HealthVerdict.Breach,
                RollbackAction.StepDown,
                breaching.Aggregate(allocation, (split, version) => split.Move(version, policy.StepDown.Next(split.ShareOf(version)), stable)),
                breaches,
                waiting),
            _ => new RollbackDecision(HealthVerdict.Breach, RollbackAction.Alert, null, breaches, waiting),
        };
    }

    private static List<HealthBreach> Judge(RollbackPolicy policy, VersionHealth candidate, VersionHealth? stable)
    {
        var breaches = new List<HealthBreach>();

        // errors / requests > max % ⇔ errors · 100 > max · requests: exact in decimal, no rounding at the boundary.
        if (candidate.Errors * 100m > policy.MaxErrorRatePercent * candidate.Requests)
        {
            breaches.Add(HealthBreach.ErrorRate(candidate, policy.MaxErrorRatePercent));
        }

        if (candidate.LatencyP95Ms > policy.MaxP95LatencyMs)
        {
            breaches.Add(HealthBreach.LatencyP95(candidate, policy.MaxP95LatencyMs));
        }

        // Accuracy is judged only when both versions have enough labels; then drop = 100·(cs/ns − cc/nc) points,
        // compared as 100·(cs·nc − cc·ns) > max·ns·nc so the boundary is exact.
        if (stable is not null && candidate.AccuracySamples >= policy.MinSamples && stable.AccuracySamples >= policy.MinSamples)
        {
            var lhs = 100m * (((decimal)stable.CorrectPredictions * candidate.AccuracySamples) - ((decimal)candidate.CorrectPredictions * stable.AccuracySamples));
            var rhs = policy.MaxAccuracyDropPoints * stable.AccuracySamples * candidate.AccuracySamples;
            if (lhs > rhs)
            {
                breaches.Add(HealthBreach.Accuracy(candidate, stable, policy.MaxAccuracyDropPoints));
            }
        }

        return breaches;
    }
}
