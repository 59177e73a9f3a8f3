using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Monitoring;

public sealed class AlertLedgerTests
{
    [Fact]
    public async Task An_alert_commits_with_its_audit_event_and_the_chain_still_verifies()
    {
        await using var h = new EngineHarness();
        await h.CreateModelAsync("fraud");
        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            var model = await db.Models.SingleAsync();
            AlertLedger.Raise(db, h.Audit, model.Id, model.Name, "1.0.0", AlertKind.DatasetDrift, AlertSeverity.Critical, "fraud 1.0.0: dataset drift", new { share = 0.4 }, "drift-report", "r1", h.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var read = await h.Contexts.CreateDbContextAsync();
        var alert = await read.Alerts.SingleAsync();
        Assert.Equal(AlertKind.DatasetDrift, alert.Kind);
        Assert.True(alert.IsOpen);
        Assert.Contains("0.4", alert.Evidence);
        Assert.True(await read.AuditEvents.AnyAsync(e => e.Action == "alert.raised" && e.EntityId == alert.Id.ToString()));
        Assert.True((await h.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task Nothing_is_stored_when_the_unit_of_work_is_not_saved()
    {
        await using var h = new EngineHarness();
        await h.CreateModelAsync("fraud");
        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            var model = await db.Models.SingleAsync();
            AlertLedger.Raise(db, h.Audit, model.Id, model.Name, null, AlertKind.PerformanceDrop, AlertSeverity.High, new string('x', 2000), null, null, null, h.Clock.GetUtcNow().UtcDateTime);
        }

        Assert.Equal(0, await h.CountAsync(db => db.Alerts));
        Assert.Equal(0, await h.CountAsync(db => db.AuditEvents.Where(e => e.Action == "alert.raised")));
    }
}
