using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// Reads alerts and lets a person acknowledge them; keeps each model's webhook. Alerts are raised only through
/// <see cref="AlertLedger.Raise"/> by the finding's own unit of work.
/// </summary>
public sealed class AlertService(
    IDbContextFactory<PortalDbContext> contexts, AuditTrail audit, TimeProvider clock, DeploymentService deployments, IOptions<AlertOptions> options)
{
    /// <summary>Alerts newest first, paged; open ones unless <see cref="AlertFilter.Status"/> is "all".</summary>
    public async Task<Paged<AlertView>> ListAsync(AlertFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = Filtered(db, filter);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<AlertView>(rows.Select(AlertView.From).ToList(), total, page.SafePage, page.SafeSize);
    }

    public async Task<AlertDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw DomainException.NotFound($"No alert {id}.");
        var deliveries = await db.AlertDeliveries.AsNoTracking().Where(d => d.AlertId == id).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        return new AlertDetail(AlertView.From(alert), deliveries.Select(AlertDeliveryView.From).ToList());
    }

    /// <summary>
    /// A person (Engineer, Approver or Admin; not through an API key) acknowledges an open alert with a note. For a
    /// rollback breach this is also the dismissal of the breach on the deployment, in the same transaction.
    /// </summary>
    public async Task<AlertView> AcknowledgeAsync(Guid id, string? note, Actor actor, CancellationToken ct)
    {
        if (!actor.CanEngineer)
        {
            throw DomainException.Forbidden("Only Engineers, Approvers and Admins may acknowledge alerts.");
        }

        actor.RequirePerson("acknowledge alerts");
        if (string.IsNullOrWhiteSpace(note))
        {
            throw DomainException.Invalid("note: acknowledging an alert needs a note.");
        }

        note = FieldLimits.Check(note.Trim(), FieldLimits.Reason, "note")!;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw DomainException.NotFound($"No alert {id}.");
        var now = clock.GetUtcNow().UtcDateTime;
        AlertLedger.Acknowledge(db, audit, alert, actor, note, now);
        if (alert is { Kind: AlertKind.RollbackBreach, SourceType: AlertSources.Deployment } && Guid.TryParse(alert.SourceId, out var deploymentId))
        {
            await deployments.DismissBreachAsync(db, alert.ModelId, deploymentId, note, actor, now, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var read = await contexts.CreateDbContextAsync(ct);
            var winner = await read.Alerts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
            throw DomainException.Conflict(winner.AcknowledgedAt is { } at
                ? $"This alert was already acknowledged by {winner.AcknowledgedBy} at {at:yyyy-MM-dd'T'HH:mm:ss'Z'}."
                : "Someone else changed this at the same time; reload and try again.");
        }

        return AlertView.From(alert);
    }

    public async Task<WebhookView?> WebhookAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var hook = await db.ModelWebhooks.AsNoTracking().SingleOrDefaultAsync(w => w.ModelId == model.Id, ct);
        return hook is null ? null : new WebhookView(model.Name, hook.Url, hook.Secret is not null, hook.UpdatedAt, hook.UpdatedBy);
    }

    /// <summary>Sets (or replaces) a model's webhook: an absolute http(s) URL on an allowed host; audited without the secret.</summary>
    public async Task<WebhookView> SetWebhookAsync(string modelName, WebhookInput? input, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        var url = FieldLimits.Check(input?.Url?.Trim(), FieldLimits.WebhookUrl, "url");
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw DomainException.Invalid("url: a webhook needs an absolute http:// or https:// URL.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw DomainException.Invalid("url: put credentials in the secret, not in the URL.");
        }

        if (!options.Value.AllowsHost(uri.Host))
        {
            throw DomainException.Invalid($"url: webhooks may only go to the configured hosts ({options.Value.WebhookAllowedHosts}).");
        }

        var secret = string.IsNullOrEmpty(input?.Secret) ? null : FieldLimits.Check(input.Secret, FieldLimits.WebhookSecret, "secret");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var hook = await db.ModelWebhooks.SingleOrDefaultAsync(w => w.ModelId == model.Id, ct);
        var before = hook is null ? null : new { hook.Url, hasSecret = hook.Secret is not null };
        if (secret is null && input?.KeepSecret == true)
        {
            secret = hook?.Secret;
        }

        if (hook is null)
        {
            hook = new ModelWebhook { ModelId = model.Id, Url = url, UpdatedBy = actor.Name };
            db.ModelWebhooks.Add(hook);
        }

        hook.Url = uri.AbsoluteUri;
        hook.Secret = secret;
        hook.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        hook.UpdatedBy = actor.Name;
        audit.Record(db, actor, "alert.webhook_set", "model", model.Name, before, new { hook.Url, hasSecret = secret is not null });
        await db.SaveChangesAsync(ct);
        return new WebhookView(model.Name, hook.Url, secret is not null, hook.UpdatedAt, hook.UpdatedBy);
    }

    /// <summary>The newest webhook deliveries of the model's alerts (whatever URL each went to), newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(string modelName, int take, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return await db.AlertDeliveries.AsNoTracking()
            .Join(db.Alerts.AsNoTracking().Where(a => a.ModelId == model.Id), d => d.AlertId, a => a.Id, (d, a) => new { d, a.Title })
            .OrderByDescending(x => x.d.CreatedAt).ThenBy(x => x.d.Id).Take(Math.Clamp(take, 1, 100))
            .Select(x => new WebhookDeliveryView(x.d.Id, x.d.AlertId, x.Title, x.d.Url, x.d.Status, x.d.Attempts, x.d.CreatedAt,
                x.d.LastAttemptAt, x.d.LastStatusCode, x.d.LastError, x.d.NextAttemptAt, x.d.DeliveredAt))
            .ToListAsync(ct);
    }

    /// <summary>Removes a model's webhook (deliveries already queued still go to the URL they were queued for).</summary>
    public async Task RemoveWebhookAsync(string modelName, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var hook = await db.ModelWebhooks.SingleOrDefaultAsync(w => w.ModelId == model.Id, ct)
            ?? throw DomainException.NotFound($"'{model.Name}' has no webhook.");
        db.ModelWebhooks.Remove(hook);
        audit.Record(db, actor, "alert.webhook_removed", "model", model.Name, new { hook.Url, hasSecret = hook.Secret is not null }, null);
        await db.SaveChangesAsync(ct);
    }

    private static IQueryable<Alert> Filtered(PortalDbContext db, AlertFilter filter)
    {
        IQueryable<Alert> q = db.Alerts.AsNoTracking();
        switch (filter.Status?.Trim().ToLowerInvariant())
        {
            case null or "" or "open":
                q = q.Where(a => a.AcknowledgedAt == null);
                break;
            case "acknowledged":
                q = q.Where(a => a.AcknowledgedAt != null);
                break;
            case "all":
                break;
            default:
                throw DomainException.Invalid($"status: '{filter.Status}' is not one of open, acknowledged, all.");
        }

        if (!string.IsNullOrWhiteSpace(filter.Model))
        {
            var model = filter.Model.Trim();
            q = q.Where(a => a.ModelName == model);
        }

        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            if (!StrictEnum.TryParse<AlertKind>(filter.Kind, out var kind))
            {
                throw DomainException.Invalid($"kind: '{filter.Kind}' is not one of {string.Join(", ", Enum.GetNames<AlertKind>())}.");
            }

            q = q.Where(a => a.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Severity))
        {
            if (!StrictEnum.TryParse<AlertSeverity>(filter.Severity, out var severity))
            {
                throw DomainException.Invalid($"severity: '{filter.Severity}' is not one of {string.Join(", ", Enum.GetNames<AlertSeverity>())}.");
            }

            q = q.Where(a => a.Severity == severity);
        }

        return q;
    }
}
