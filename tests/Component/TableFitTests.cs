using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Audit;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class TableFitTests : PortalComponentContext
{
    [Fact]
    public async Task Audit_rows_show_five_scannable_columns_and_open_the_chain_details_on_click()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "d"), Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<AuditLog>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=audit-table] tbody tr")));
        Assert.Equal(["When (UTC)", "Actor", "Action", "Subject", "Reason"], cut.FindAll("[data-testid=audit-table] thead th").Select(th => th.TextContent.Trim()));
        var row = cut.FindAll("[data-testid=audit-table] tbody tr").First(r => r.TextContent.Contains("model.created", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=audit-details]"));

        row.Click();

        var details = cut.WaitForElement("[data-testid=audit-details]");
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ModelLifecycle.Domain.Storage.PortalDbContext>>().CreateDbContextAsync();
        var created = db.AuditEvents.Single(e => e.Action == "model.created");
        Assert.Contains($"sequence {created.Sequence}", details.TextContent, StringComparison.Ordinal);
        Assert.Contains(created.Hash[..16], details.TextContent, StringComparison.Ordinal);
        Assert.Contains(created.After!, details.TextContent, StringComparison.Ordinal);
        // The id is shortened in the row, whole on hover.
        var id = cut.FindAll("[data-testid=audit-entity-id]").First(e => e.GetAttribute("title") == "churn");
        Assert.Equal("churn", id.TextContent);
    }
}
