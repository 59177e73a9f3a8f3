using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Monitoring;

/// <summary>The alert rules over the real engine and a real SQLite file: listing, acknowledgement, webhooks and their delivery.</summary>
public sealed class AlertServiceTests : IAsyncDisposable
{
    private readonly EngineHarness h = new();
    private readonly AlertOptions options = new() { WebhookBackoff = TimeSpan.FromMinutes(1), WebhookMaxBackoff = TimeSpan.FromMinutes(10), WebhookMaxAttempts = 3 };

    public AlertServiceTests() => Alerts = new AlertService(h.Contexts, h.Audit, h.Clock, h.Deployments, Options.Create(options));

    private AlertService Alerts { get; }

    public ValueTask DisposeAsync() => h.DisposeAsync();

    private async Task<Guid> RaiseAsync(string model, AlertKind kind = AlertKind.DatasetDrift, AlertSeverity severity = AlertSeverity.Critical, string title = "drifted")
    {
        await using var db = await h.Contexts.CreateDbContextAsync();
        var m = await db.Models.SingleAsync(x => x.Name == model);
        var alert = AlertLedger.Raise(db, h.Audit, m.Id, m.Name, "1.0.0", kind, severity, $"{model}: {title}", new { share = 0.5 }, AlertSources.DriftReport, Guid.NewGuid().ToString(), h.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        return alert.Id;
    }

    [Fact]
    public async Task An_engineer_acknowledges_with_a_note_once_and_the_second_attempt_names_who_did_it()
    {
        await h.CreateModelAsync("fraud");
        var id = await RaiseAsync("fraud");
        h.Clock.Now = h.Clock.Now.AddMinutes(5);

        var acknowledged = await Alerts.AcknowledgeAsync(id, "  known seasonal shift  ", EngineHarness.Engineer, CancellationToken.None);

        Assert.False(acknowledged.Open);
        Assert.Equal("engineer@test", acknowledged.AcknowledgedBy);
        Assert.Equal("known seasonal shift", acknowledged.AcknowledgementNote);
        Assert.Equal(h.Clock.Now.UtcDateTime, acknowledged.AcknowledgedAt);
        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            var audit = await db.AuditEvents.SingleAsync(e => e.Action == "alert.acknowledged");
            Assert.Equal(id.ToString(), audit.EntityId);
            Assert.Contains("\"open\":true", audit.Before, StringComparison.Ordinal);
            Assert.Contains("\"open\":false", audit.After, StringComparison.Ordinal);
        }

        var again = await Assert.ThrowsAsync<DomainException>(() => Alerts.AcknowledgeAsync(id, "me too", EngineHarness.Approver, CancellationToken.None));
        Assert.Equal(FailureKind.Conflict, again.Kind);
        Assert.Contains("engineer@test", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, await h.CountAsync(db => db.AuditEvents.Where(e => e.Action == "alert.acknowledged")));
        Assert.True((await h.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task Viewers_api_keys_an_empty_note_and_unknown_alerts_are_refused_and_change_nothing()
    {
        await h.CreateModelAsync("fraud");
        var id = await RaiseAsync("fraud");
        var key = EngineHarness.Engineer with { KeyName = "ci" };

        Assert.Equal(FailureKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Alerts.AcknowledgeAsync(id, "ok", EngineHarness.Viewer, CancellationToken.None))).Kind);
        Assert.Equal(FailureKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Alerts.AcknowledgeAsync(id, "ok", key, CancellationToken.None))).Kind);
        var empty = await Assert.ThrowsAsync<DomainException>(() => Alerts.AcknowledgeAsync(id, "   ", EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.Validation, empty.Kind);
        Assert.StartsWith("note", empty.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => Alerts.AcknowledgeAsync(Guid.NewGuid(), "ok", EngineHarness.Engineer, CancellationToken.None))).Kind);

        Assert.True((await Alerts.GetAsync(id, CancellationToken.None)).Alert.Open);
        Assert.Equal(0, await h.CountAsync(db => db.AuditEvents.Where(e => e.Action == "alert.acknowledged")));
    }

    [Fact]
    public async Task The_list_is_newest_first_open_by_default_and_filters_by_model_kind_and_severity()
    {
        await h.CreateModelAsync("fraud");
        await h.CreateModelAsync("churn");
        var first = await RaiseAsync("fraud", AlertKind.FeatureDrift, AlertSeverity.High, "first");
        h.Clock.Now = h.Clock.Now.AddMinutes(1);
        var second = await RaiseAsync("churn", AlertKind.DatasetDrift, AlertSeverity.Critical, "second");
        h.Clock.Now = h.Clock.Now.AddMinutes(1);
        var third = await RaiseAsync("fraud", AlertKind.DatasetDrift, AlertSeverity.Critical, "third");
        await Alerts.AcknowledgeAsync(second, "seen", EngineHarness.Engineer, CancellationToken.None);

        var open = await Alerts.ListAsync(new AlertFilter(), new PageRequest(), CancellationToken.None);
        var all = await Alerts.ListAsync(new AlertFilter(Status: "all"), new PageRequest(), CancellationToken.None);
        var fraudCritical = await Alerts.ListAsync(new AlertFilter("fraud", "all", null, "critical"), new PageRequest(), CancellationToken.None);
        var features = await Alerts.ListAsync(new AlertFilter(Kind: "FeatureDrift"), new PageRequest(), CancellationToken.None);
        var paged = await Alerts.ListAsync(new AlertFilter(Status: "all"), new PageRequest(2, 2), CancellationToken.None);

        Assert.Equal([third, first], open.Items.Select(a => a.Id));
        Assert.Equal([third, second, first], all.Items.Select(a => a.Id));
        Assert.Equal([third], fraudCritical.Items.Select(a => a.Id));
        Assert.Equal([first], features.Items.Select(a => a.Id));
        Assert.Equal(3, paged.Total);
        Assert.Equal([first], paged.Items.Select(a => a.Id));
        Assert.Equal("/models/fraud/drift", open.Items[0].Link);
        var bad = await Assert.ThrowsAsync<DomainException>(() => Alerts.ListAsync(new AlertFilter(Severity: "loud"), new PageRequest(), CancellationToken.None));
        Assert.StartsWith("severity", bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.test/x")]
    [InlineData("hooks.test/x")]
    [InlineData("")]
    [InlineData("https://user:pw@hooks.test/x")]
    public async Task A_webhook_needs_an_absolute_http_url_without_credentials(string url)
    {
        await h.CreateModelAsync("fraud");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Alerts.SetWebhookAsync("fraud", new WebhookInput(url, null), EngineHarness.Engineer, CancellationToken.None));

        Assert.Equal(FailureKind.Validation, refused.Kind);
        Assert.StartsWith("url", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Alerts.WebhookAsync("fraud", CancellationToken.None));
    }

    [Fact]
    public async Task Webhooks_are_set_by_engineers_only_audited_without_the_secret_and_limited_to_allowed_hosts()
    {
        await h.CreateModelAsync("fraud");
        Assert.Equal(FailureKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() =>
            Alerts.SetWebhookAsync("fraud", new WebhookInput("https://hooks.test/x", null), EngineHarness.Viewer, CancellationToken.None))).Kind);

        var set = await Alerts.SetWebhookAsync("fraud", new WebhookInput("https://hooks.test/x", "s3cret-value"), EngineHarness.Engineer, CancellationToken.None);

        Assert.True(set.HasSecret);
        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            var audit = await db.AuditEvents.SingleAsync(e => e.Action == "alert.webhook_set");
            Assert.DoesNotContain("s3cret-value", audit.After, StringComparison.Ordinal);
        }

        options.WebhookAllowedHosts = "hooks.internal";
        var elsewhere = await Assert.ThrowsAsync<DomainException>(() => Alerts.SetWebhookAsync("fraud", new WebhookInput("https://169.254.169.254/latest", null), EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.Validation, elsewhere.Kind);
        Assert.Equal("https://hooks.test/x", (await Alerts.WebhookAsync("fraud", CancellationToken.None))!.Url);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_until_it_answers_and_each_attempt_is_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503);
        await h.CreateModelAsync("fraud");
        await Alerts.SetWebhookAsync("fraud", new WebhookInput(receiver.Url, "hook-secret"), EngineHarness.Engineer, CancellationToken.None);
        var id = await RaiseAsync("fraud");
        using var http = new HttpClient();
        var sender = new AlertWebhookSender(h.Contexts, http, h.Clock, Options.Create(options));

        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
        var afterFirst = Assert.Single((await Alerts.GetAsync(id, CancellationToken.None)).Deliveries);
        Assert.Equal(DeliveryStatus.Pending, afterFirst.Status);
        Assert.Equal(500, afterFirst.LastStatusCode);
        Assert.Equal(h.Clock.Now.UtcDateTime.AddMinutes(1), afterFirst.NextAttemptAt);

        // Not due yet: nothing is sent.
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        h.Clock.Now = h.Clock.Now.AddMinutes(1);
        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
        var afterSecond = Assert.Single((await Alerts.GetAsync(id, CancellationToken.None)).Deliveries);
        Assert.Equal(503, afterSecond.LastStatusCode);
        Assert.Equal(h.Clock.Now.UtcDateTime.AddMinutes(2), afterSecond.NextAttemptAt);

        h.Clock.Now = h.Clock.Now.AddMinutes(2);
        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));

        var delivered = Assert.Single((await Alerts.GetAsync(id, CancellationToken.None)).Deliveries);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(3, delivered.Attempts);
        Assert.Equal(h.Clock.Now.UtcDateTime, delivered.DeliveredAt);
        Assert.Null(delivered.NextAttemptAt);
        Assert.Equal(3, receiver.Requests.Count);
        var last = receiver.Requests.Last();
        Assert.Contains(id.ToString(), last.Body, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"DatasetDrift\"", last.Body, StringComparison.Ordinal);
        Assert.Equal(AlertWebhookSender.Signature("hook-secret", Encoding.UTF8.GetBytes(last.Body)), last.Signature);
        Assert.Equal(delivered.Id.ToString(), last.DeliveryId);
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_well_is_given_up_after_the_configured_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 500, 500);
        await h.CreateModelAsync("fraud");
        await Alerts.SetWebhookAsync("fraud", new WebhookInput(receiver.Url, null), EngineHarness.Engineer, CancellationToken.None);
        var id = await RaiseAsync("fraud");
        using var http = new HttpClient();
        var sender = new AlertWebhookSender(h.Contexts, http, h.Clock, Options.Create(options));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
            h.Clock.Now = h.Clock.Now.AddHours(1);
        }

        var failed = Assert.Single((await Alerts.GetAsync(id, CancellationToken.None)).Deliveries);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal(string.Empty, receiver.Requests.First().Signature);
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Alerts_of_a_model_without_a_webhook_queue_no_delivery()
    {
        await h.CreateModelAsync("fraud");
        var id = await RaiseAsync("fraud");

        Assert.Empty((await Alerts.GetAsync(id, CancellationToken.None)).Deliveries);
        Assert.Equal(0, await h.CountAsync(db => db.AlertDeliveries));
    }
}
