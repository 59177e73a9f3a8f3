using System.Globalization;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Approvals;

/// <summary>
/// The automatic checks attached to every promotion request. Integrity is blocking (a tampered artifact is never
/// promoted); the metric gate and the drift check block when an Admin made them blocking for the model; the
/// comparison with Production informs the approver, who decides.
/// </summary>
public static class PromotionChecklist
{
    public const string Integrity = "Artifact integrity";
    public const string Gate = "Metric gate";
    public const string VersusProduction = "Comparison with Production";
    public const string Drift = "Latest drift report";

    public static List<ChecklistItem> Build(Model model, ModelVersion candidate, bool artifactIntact, ModelVersion? production, DriftReportSummary? latestDrift)
    {
        var items = new List<ChecklistItem>
        {
            artifactIntact
                ? new ChecklistItem(Integrity, CheckOutcome.Passed, $"SHA-256 {candidate.Sha256[..12]}… matches the stored artifact.", Blocking: true)
                : new ChecklistItem(Integrity, CheckOutcome.Failed, "The stored artifact no longer matches its SHA-256; it cannot be promoted.", Blocking: true),
            GateItem(model.MetricGate, candidate) with { Blocking = model.MetricGateBlocking },
            ComparisonItem(model.MetricGate, candidate, production),
            DriftItem(latestDrift) with { Blocking = model.CriticalDriftBlocking },
        };
        return items;
    }

    public static bool HasBlockingFailure(IEnumerable<ChecklistItem> items) => items.Any(i => i.Blocking && i.Outcome == CheckOutcome.Failed);

    /// <summary>Each live item beside the one stored when the request was filed; an item whose outcome, detail or blocking changed is flagged.</summary>
    public static IReadOnlyList<ChecklistChange> Compare(IReadOnlyList<ChecklistItem> filed, IReadOnlyList<ChecklistItem> now) =>
        now.Select(n =>
        {
            var f = filed.FirstOrDefault(i => i.Name == n.Name);
            return new ChecklistChange(n.Name, f, n, f != n);
        }).ToList();

    private static ChecklistItem DriftItem(DriftReportSummary? report)
    {
        if (report is null)
        {
            return new ChecklistItem(Drift, CheckOutcome.NotApplicable, "No drift report for this model yet.");
        }

        var verdict = DriftVerdict.Of(report);
        var text = $"{report.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}: {verdict.Headline}. {report.Recommendation}";
        var outcome = verdict.ChecklistOutcome;
        return new ChecklistItem(Drift, outcome, text);
    }

    private static ChecklistItem GateItem(MetricGate? gate, ModelVersion candidate)
    {
        if (gate is null)
        {
            return new ChecklistItem(Gate, CheckOutcome.NotApplicable, "No metric gate is configured for this model.");
        }

        if (!candidate.Metrics.TryGetValue(gate.Metric, out var value))
        {
            return new ChecklistItem(Gate, CheckOutcome.Failed, $"Gate {gate}: the version reports no '{gate.Metric}'.");
        }

        return gate.IsMetBy(value)
            ? new ChecklistItem(Gate, CheckOutcome.Passed, $"Gate {gate}: {Format(value)}.")
            : new ChecklistItem(Gate, CheckOutcome.Failed, $"Gate {gate}: {Format(value)} does not reach it.");
    }

    private static ChecklistItem ComparisonItem(MetricGate? gate, ModelVersion candidate, ModelVersion? production)
    {
        if (production is null)
        {
            return new ChecklistItem(VersusProduction, CheckOutcome.NotApplicable, "No version is in Production yet.");
        }

        var metric = gate?.Metric ?? candidate.Metrics.Keys.Intersect(production.Metrics.Keys).Order(StringComparer.Ordinal).FirstOrDefault();
        if (metric is null || !candidate.Metrics.TryGetValue(metric, out var mine) || !production.Metrics.TryGetValue(metric, out var theirs))
        {
            return new ChecklistItem(VersusProduction, CheckOutcome.Warning, $"No shared metric to compare with Production {production.Version}.");
        }

        var higherIsBetter = gate?.HigherIsBetter ?? true;
        var delta = mine - theirs;
        var better = higherIsBetter ? delta >= 0 : delta <= 0;
        var text = $"{metric}: {Format(mine)} vs {Format(theirs)} in Production {production.Version} ({(delta >= 0 ? "+" : "")}{Format(delta)}).";
        return new ChecklistItem(VersusProduction, better ? CheckOutcome.Passed : CheckOutcome.Warning, text);
    }

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
