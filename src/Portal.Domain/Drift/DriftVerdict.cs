using System.Globalization;
using ModelLifecycle.Domain.Drift.Analysis;

namespace ModelLifecycle.Domain.Drift;

/// <summary>How loudly a drift finding should be shown: one scale for chips, banners, charts and alerts.</summary>
public enum DriftTone
{
    /// <summary>Nothing to do (green).</summary>
    Calm,

    /// <summary>Worth a look (blue).</summary>
    Notice,

    /// <summary>Act soon (orange).</summary>
    Caution,

    /// <summary>Act now (red).</summary>
    Alert,
}

/// <summary>
/// The verdict of a drift report, in one place: the worst feature's severity and the dataset verdict stated
/// separately, in words a manager reads, and what follows from them — the tone of every chip, banner and chart
/// colour, whether the dashboard raises an alert, and the approval checklist's outcome. The Drift page, the
/// dashboard, the checklist and the API all ask this type, so they cannot contradict each other.
/// </summary>
public sealed record DriftVerdict(DriftSeverity WorstSeverity, bool DatasetDrift, double DriftShare)
{
    public static DriftVerdict Of(DriftReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.MaxSeverity, report.DatasetDrift, report.DriftShare);
    }

    public static DriftVerdict Of(DriftReportSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.MaxSeverity, report.DatasetDrift, report.DriftShare);
    }

    /// <summary>The tone of one severity: critical red, high orange, moderate blue, none green.</summary>
    public static DriftTone ToneOf(DriftSeverity severity) => severity switch
    {
        DriftSeverity.Critical => DriftTone.Alert,
        DriftSeverity.High => DriftTone.Caution,
        DriftSeverity.Moderate => DriftTone.Notice,
        _ => DriftTone.Calm,
    };

    /// <summary>The report's tone: its worst feature's, raised to Alert when the dataset as a whole drifted.</summary>
    public DriftTone Tone => DatasetDrift ? DriftTone.Alert : ToneOf(WorstSeverity);

    /// <summary>The dashboard lists the model among its drift alerts (high or critical feature, or dataset drift).</summary>
    public bool IsAlert => DatasetDrift || WorstSeverity >= DriftSeverity.High;

    /// <summary>What the approval checklist makes of it: dataset or critical drift fails, high drift warns.</summary>
    public Approvals.CheckOutcome ChecklistOutcome =>
        DatasetDrift || WorstSeverity == DriftSeverity.Critical ? Approvals.CheckOutcome.Failed
        : WorstSeverity == DriftSeverity.High ? Approvals.CheckOutcome.Warning
        : Approvals.CheckOutcome.Passed;

    /// <summary>"Critical drift", "High drift", "Moderate drift" or "No drift": the worst feature, in words.</summary>
    public string WorstWords => WorstSeverity == DriftSeverity.None ? "No drift" : $"{WorstSeverity} drift";

    /// <summary>"Dataset drift: no" — whether the share of drifted features reached the model's threshold.</summary>
    public string DatasetWords => $"Dataset drift: {(DatasetDrift ? "yes" : "no")}";

    /// <summary>"25 % of features drifted".</summary>
    public string ShareWords => $"{DriftShare.ToString("P0", CultureInfo.InvariantCulture)} of features drifted";

    /// <summary>"Worst feature: critical drift · Dataset drift: no (25 % of features drifted)".</summary>
    public string Headline => $"Worst feature: {WorstWords.ToLowerInvariant()} · {DatasetWords} ({ShareWords})";
}
