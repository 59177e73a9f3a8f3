using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Components.Pages.Audit;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class AuditPageTests : PortalComponentContext
{
    [Fact]
    public async Task Verify_names_a_head_rewound_in_the_database()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "m", [new("tenure", "numeric")], null, new MetricGate("auc", 0.8)), Engineer, CancellationToken.None);
        await Registry.CreateModelAsync(new CreateModel("churn2", "binary_classification", "m", [new("tenure", "numeric")], null, new MetricGate("auc", 0.8)), Engineer, CancellationToken.None);
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // Drop the newest event and point the head at the one before, keeping its HMAC (no key).
            var newest = await db.AuditEvents.OrderByDescending(e => e.Sequence).FirstAsync();
            var before = await db.AuditEvents.SingleAsync(e => e.Sequence == newest.Sequence - 1);
            await db.AuditEvents.Where(e => e.Id == newest.Id).ExecuteDeleteAsync();
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, before.Sequence).SetProperty(h => h.LastHash, before.Hash));
        }

        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<AuditLog>();
        cut.Find("[data-testid=verify]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Chain head HMAC failure.", cut.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("rewound", cut.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal);
    }
}
