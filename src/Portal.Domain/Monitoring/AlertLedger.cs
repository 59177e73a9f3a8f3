using Microsoft.EntityFrameworkCore;
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
        AlertWebhooks.Enqueue(db, alert, now);
        audit.Record(db, Actor.System, "alert.raised", "alert", alert.Id.ToString(), null, new { alert.ModelName, alert.Version, kind = kind.ToString(), severity = severity.ToString(), alert.Title, sourceType, sourceId });
        return alert;
    }

    /// <summary>
    /// Acknowledges an open alert for <paramref name="actor"/> with a note, and records <c>alert.acknowledged</c> with
    /// the state before and after on the caller's unit of work (the Alerts page, a dismissed breach, a rollback).
    /// </summary>
    public static void Acknowledge(PortalDbContext db, AuditTrail audit, Alert alert, Actor actor, string note, DateTime now)
    {
        note = note.Length <= FieldLimits.Reason ? note : note[..FieldLimits.Reason];
        var before = new { open = alert.IsOpen, alert.AcknowledgedAt, alert.AcknowledgedBy, note = alert.AcknowledgementNote };
        alert.Acknowledge(actor.Name, note, now);
        audit.Record(db, actor, "alert.acknowledged", "alert", alert.Id.ToString(), before,
            new { open = alert.IsOpen, alert.AcknowledgedAt, alert.AcknowledgedBy, note, alert.ModelName, kind = alert.Kind.ToString(), alert.Title }, note);
    }

    /// <summary>Acknowledges every open alert of <paramref name="kind"/> raised by one source (a dismissed or rolled-back breach).</summary>
    public static async Task AcknowledgeOpenAsync(
        PortalDbContext db, AuditTrail audit, AlertKind kind, string sourceType, string sourceId, Actor actor, string note, DateTime now, CancellationToken ct)
    {
        var open = await db.Alerts.Where(a => a.Kind == kind && a.SourceType == sourceType && a.SourceId == sourceId && a.AcknowledgedAt == null).ToListAsync(ct);
        foreach (var alert in open)
        {
            Acknowledge(db, audit, alert, actor, note, now);
        }
    }

    /// <summary>Whether an alert of this model, version and kind waits for a person (raisers use it to avoid repeats).</summary>
    public static Task<bool> IsOpenAsync(PortalDbContext db, Guid modelId, string? version, AlertKind kind, CancellationToken ct) =>
        db.Alerts.AnyAsync(a => a.ModelId == modelId && a.Version == version && a.Kind == kind && a.AcknowledgedAt == null, ct);
}
