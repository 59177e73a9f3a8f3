using System.Globalization;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// Turns a stored drift report into an alert when <see cref="DriftVerdict.IsAlert"/> says so (dataset drift, or a
/// high or critical feature): at most one alert per report, on the unit of work that stores the report. Uploaded
/// reports and scheduled scans both come through here, so they alert alike. While an alert of the same model, version
/// and kind is open (not acknowledged), a new finding adds none: a scan every hour does not bury the dashboard.
/// </summary>
public static class DriftAlerts
{
    public static async Task<Alert?> RaiseForAsync(PortalDbContext db, AuditTrail audit, DriftReport report, DateTime now, CancellationToken ct)
    {
        var verdict = new DriftVerdict(report.MaxSeverity, report.DatasetDrift, report.DriftShare);
        if (!verdict.IsAlert)
        {
            return null;
        }

        var kind = report.DatasetDrift ? AlertKind.DatasetDrift : AlertKind.FeatureDrift;
        if (await AlertLedger.IsOpenAsync(db, report.ModelId, report.Version, kind, ct))
        {
            return null;
        }

        var drifted = report.Features.Where(f => f.Severity >= DriftSeverity.High).OrderByDescending(f => f.Severity).Select(f => f.Name).ToList();
        var subject = report.Version is null ? report.ModelName : $"{report.ModelName} {report.Version}";
        var severity = report.DatasetDrift || report.MaxSeverity == DriftSeverity.Critical ? AlertSeverity.Critical : AlertSeverity.High;
        var what = report.DatasetDrift
            ? $"dataset drift, {verdict.ShareWords}"
            : $"{verdict.WorstWords.ToLowerInvariant()} in {drifted.Count.ToString(CultureInfo.InvariantCulture)} of {report.Features.Count.ToString(CultureInfo.InvariantCulture)} features";
        // A scan run by the recurring job is the system's; one run by hand names its person.
        var source = report.Source != DriftReport.ScanSource ? ""
            : report.CreatedBy == Actor.System.Name ? " (scheduled scan)" : $" (scan by {report.CreatedBy})";
        var title = $"{subject}: {what}{(drifted.Count > 0 ? $" ({string.Join(", ", drifted.Take(5))}{(drifted.Count > 5 ? ", …" : "")})" : "")}{source}.";
        var evidence = new
        {
            reportId = report.Id,
            datasetDrift = report.DatasetDrift,
            driftShare = report.DriftShare,
            maxSeverity = report.MaxSeverity.ToString(),
            maxPsi = report.MaxPsi,
            features = drifted,
            recommendation = report.Recommendation,
        };
        return AlertLedger.Raise(db, audit, report.ModelId, report.ModelName, report.Version, kind, severity, title, evidence, AlertSources.DriftReport, report.Id.ToString(), now);
    }
}
