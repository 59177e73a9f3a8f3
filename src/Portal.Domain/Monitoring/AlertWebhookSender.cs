using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// Works off the webhook outbox: POSTs each due delivery's alert as JSON, signed with HMAC-SHA256 of the model's
/// secret in <see cref="SignatureHeader"/> ("sha256=" and lowercase hex of the body), records the answer, and on
/// failure schedules the next attempt with exponential backoff until <see cref="AlertOptions.WebhookMaxAttempts"/>.
/// Redirects are not followed and the receiver's body is never stored or shown, so a webhook cannot read other services.
/// </summary>
public sealed class AlertWebhookSender(IDbContextFactory<PortalDbContext> contexts, HttpClient http, TimeProvider clock, IOptions<AlertOptions> options)
{
    public const string SignatureHeader = "X-ModelLifecycle-Signature";
    public const string DeliveryHeader = "X-ModelLifecycle-Delivery";

    /// <summary>Sends every delivery due now, oldest first; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = await db.AlertDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(100).ToListAsync(ct);
        }

        foreach (var id in due)
        {
            await SendAsync(id, ct);
        }

        return due.Count;
    }

    private async Task SendAsync(Guid deliveryId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var delivery = await db.AlertDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == delivery.AlertId, ct);
        var secret = await db.ModelWebhooks.AsNoTracking().Where(w => w.ModelId == alert.ModelId).Select(w => w.Secret).SingleOrDefaultAsync(ct);
        var body = Encoding.UTF8.GetBytes(Json.Serialize(AlertPayload.From(alert)));
        var (status, error) = await PostAsync(delivery.Url, delivery.Id, body, secret, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = status;
        delivery.LastError = error;
        if (error is null)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (delivery.Attempts >= options.Value.WebhookMaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
        }
        else
        {
            delivery.NextAttemptAt = now + options.Value.BackoffAfter(delivery.Attempts);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// POSTs a test alert (kind <c>Test</c>, severity <c>Info</c>) to the model's webhook once, signed as real alerts are,
    /// and says what the receiver answered. Nothing is stored and nothing is retried. Engineers, Approvers and Admins.
    /// </summary>
    public async Task<WebhookTestResult> SendTestAsync(string modelName, Actor actor, CancellationToken ct)
    {
        Registry.ModelRegistry.RequireEngineer(actor);
        ModelWebhook hook;
        string model;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var m = await Registry.ModelRegistry.FindModelAsync(db, modelName, ct);
            model = m.Name;
            hook = await db.ModelWebhooks.AsNoTracking().SingleOrDefaultAsync(w => w.ModelId == m.Id, ct)
                ?? throw DomainException.NotFound($"'{m.Name}' has no webhook.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        var payload = new AlertPayload(id, model, null, "Test", nameof(AlertSeverity.Info), $"{model}: test alert sent by {actor.Name}", null, null, null, now);
        var (status, error) = await PostAsync(hook.Url, id, Encoding.UTF8.GetBytes(Json.Serialize(payload)), hook.Secret, ct);
        return new WebhookTestResult(error is null, status, error, clock.GetUtcNow().UtcDateTime);
    }

    private async Task<(int? Status, string? Error)> PostAsync(string url, Guid deliveryId, byte[] body, string? secret, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !options.Value.AllowsHost(uri.Host))
        {
            return (null, "The URL's host is not among Portal:Alerts:WebhookAllowedHosts.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, deliveryId.ToString());
        if (secret is not null)
        {
            request.Headers.Add(SignatureHeader, Signature(secret, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (code, null) : (code, $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"No answer within {options.Value.WebhookTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message);
        }
    }

    /// <summary>"sha256=" and the lowercase hex HMAC-SHA256 of the body with the secret (UTF-8), as GitHub's webhooks sign.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>The JSON a webhook receives.</summary>
public sealed record AlertPayload(Guid Id, string Model, string? Version, string Kind, string Severity, string Title, System.Text.Json.JsonElement? Evidence, string? SourceType, string? SourceId, DateTime RaisedAt)
{
    public static AlertPayload From(Alert a)
    {
        var view = AlertView.From(a);
        return new(a.Id, a.ModelName, a.Version, a.Kind.ToString(), a.Severity.ToString(), a.Title, view.Evidence, a.SourceType, a.SourceId, a.RaisedAt);
    }
}
