using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The one writer of alerts: adds the alert and its audit event (<c>alert.raised</c>) to the caller's unit of work,
/// so an alert commits with the finding that raised it (a scan's report, a health breach) or not at all.
/// </summary>
public static class AlertLedger
{
    public static Alert Raise(
        PortalDbContext db,
        AuditTrail audit,
        Guid modelId,
        string modelName,
        string? version,
        AlertKind kind,
        AlertSeverity severity,
        string title,
        object? evidence,
        string? sourceType,
        string? sourceId,
        DateTime now)
    {
        var alert = new Alert
        {
            ModelId = modelId,
            ModelName = modelName,
            Version = version,
            Kind = kind,
            Severity = severity,
            Title = title.Length <= FieldLimits.AlertTitle ? title : title[..(FieldLimits.AlertTitle - 1)] + "…",
            Evidence = evidence is null ? null : Json.Serialize(evidence),
            SourceType = sourceType,
            SourceId = sourceId,
            RaisedAt = now,
        };
        db.Alerts.Add(alert);
        audit.Record(db, Actor.System, "alert.raised", "alert", alert.Id.ToString(), null, new { alert.ModelName, alert.Version, kind = kind.ToString(), severity = severity.ToString(), alert.Title, sourceType, sourceId });
        return alert;
    }
}
