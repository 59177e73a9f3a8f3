using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// What a person may choose when starting an A/B test of one model, worked out by the rules
/// <see cref="AbTestService.CreateAsync"/> applies: the versions that can serve (<see cref="ServingVersion.CanServe"/>),
/// the metrics that fit the model's task, the model's candidate cap, and why a test cannot start now, if it cannot.
/// </summary>
public sealed record AbTestPlan(
    string Model,
    IReadOnlyList<AbTestVersionChoice> Versions,
    IReadOnlyList<AbMetric> Metrics,
    string? StableVersion,
    TrafficPercent CandidateCap,
    string? Blocker)
{
    public bool CanStart => Blocker is null;

    /// <summary>A first choice a person usually wants: B's share at most the cap, so a candidate against Production passes.</summary>
    public decimal SuggestedPercentB => Math.Min(50m, CandidateCap.Value);

    /// <summary>The usual comparison: the stable (Production) version as A, the newest other version as B.</summary>
    public (string? A, string? B) SuggestedVersions()
    {
        var a = Versions.FirstOrDefault(v => v.Version == StableVersion) ?? Versions.FirstOrDefault(v => v.IsProduction) ?? Versions.FirstOrDefault();
        var b = Versions.FirstOrDefault(v => v != a);
        return (a?.Version, b?.Version);
    }

    /// <summary>
    /// The split the test would put live and the cap rule's verdict on it, in the words the engine answers with,
    /// so a person sees before starting what <see cref="AbTestService.CreateAsync"/> will say.
    /// </summary>
    public AbSplitPreview Preview(string? versionA, string? versionB, decimal percentB)
    {
        var a = Versions.FirstOrDefault(v => v.Version == versionA);
        var b = Versions.FirstOrDefault(v => v.Version == versionB);
        if (a is null || b is null || a == b)
        {
            return new AbSplitPreview("Choose two different versions.", false);
        }

        TrafficPercent share;
        try
        {
            share = AbSplitRule.PercentB(percentB);
        }
        catch (DomainException e)
        {
            return new AbSplitPreview(e.Message, false);
        }

        var candidates = AbSplitRule.CandidateShare(a.IsProduction, b.IsProduction, share);
        if (AbSplitRule.CapRefusal(candidates, CandidateCap) is { } refusal)
        {
            return new AbSplitPreview(refusal, false);
        }

        var split = $"While the test runs: A {a.Version} gets {TrafficPercent.Hundred - share} %, B {b.Version} gets {share} %.";
        return new AbSplitPreview(
            candidates.IsZero
                ? $"{split} Both are in Production, so the model's cap on versions not in Production ({CandidateCap} %) does not apply."
                : $"{split} Versions not in Production get {candidates} % in total, within the model's cap of {CandidateCap} %.",
            true);
    }
}

/// <summary>A version a test may compare: it can serve traffic (not Archived, artifact intact).</summary>
public sealed record AbTestVersionChoice(string Version, Stage Stage)
{
    public bool IsProduction => Stage == Stage.Production;

    /// <summary>"1.2.0 · Staging"; a version without a stage reads as its number alone.</summary>
    public string Label => Stage == Stage.None ? Version : $"{Version} · {Stage}";
}

/// <summary>The split a test would put live, in words, and whether the cap rule lets it.</summary>
public sealed record AbSplitPreview(string Text, bool Allowed);

/// <summary>The split rules of an A/B test: one home for the page's preview and the engine's check.</summary>
public static class AbSplitRule
{
    /// <summary>B's share: 0 &lt; p &lt; 100 with one decimal.</summary>
    public static TrafficPercent PercentB(decimal percentB)
    {
        var share = TrafficPercent.Parse(percentB, "percentB");
        if (share.IsZero || share == TrafficPercent.Hundred)
        {
            throw DomainException.Invalid($"percentB: {share} leaves an arm without traffic; it must be above 0 and below 100.");
        }

        return share;
    }

    /// <summary>The total share that goes to versions not in Production (A gets 100 − p, B gets p).</summary>
    public static TrafficPercent CandidateShare(bool aIsProduction, bool bIsProduction, TrafficPercent percentB) =>
        (aIsProduction ? TrafficPercent.Zero : TrafficPercent.Hundred - percentB) + (bIsProduction ? TrafficPercent.Zero : percentB);

    /// <summary>Why the split breaks the model's candidate cap, or null when it keeps it.</summary>
    public static string? CapRefusal(TrafficPercent candidates, TrafficPercent cap) =>
        candidates > cap
            ? $"percentB: versions not in Production would get {candidates} % in total, above the model's cap of {cap} %. " +
              "Test a candidate against the Production version with a share within the cap."
            : null;
}
