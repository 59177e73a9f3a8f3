using Bunit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class ModelPageTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    [Fact]
    public async Task Model_detail_lists_versions_with_stage_and_metrics()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Equal("churn", cut.Find("[data-testid=model-name]").TextContent));
        var row = cut.Find("[data-testid=versions-table] tbody tr");
        Assert.Contains("1.0.0", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Staging", row.QuerySelector("[data-testid=stage-chip]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("auc 0.91", row.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=request-promotion]"));
    }

    [Fact]
    public async Task Viewer_sees_versions_but_no_stage_actions()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=versions-table]");
        Assert.Empty(cut.FindAll("[data-testid=request-promotion]"));
        Assert.DoesNotContain("Archive", cut.Find("[data-testid=versions-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_shows_a_clear_message()
    {
        SignIn(Viewer);
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "ghost"));
        cut.WaitForAssertion(() => Assert.Contains("No model named 'ghost'", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_makes_critical_drift_blocking_on_the_model_page_and_others_only_read_the_policy()
    {
        var admin = new Actor("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
        await PendingRequestAsync(Engineer);
        SignIn(admin);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=approval-policy] input[type=checkbox]").Count), TimeSpan.FromSeconds(30));
        var drift = cut.FindAll("[data-testid=approval-policy] input[type=checkbox]")[1];
        Assert.Contains("drift", drift.ParentElement!.ParentElement!.TextContent, StringComparison.OrdinalIgnoreCase);
        drift.Change(true);
        cut.Find("[data-testid=save-approval-policy]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Critical drift: blocking", cut.Find("[data-testid=approval-policy-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(new Domain.Approvals.ApprovalPolicy(false, true), await Promotions.ApprovalPolicyAsync("churn", CancellationToken.None));
    }

    [Fact]
    public async Task Viewer_reads_the_approval_policy_but_cannot_change_it()
    {
        var admin = new Actor("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
        await PendingRequestAsync(Engineer);
        await Promotions.SetApprovalPolicyAsync("churn", new Domain.Approvals.ApprovalPolicyInput(true, false), admin, CancellationToken.None);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("Metric gate: blocking", cut.Find("[data-testid=approval-policy-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=save-approval-policy]"));
    }
}
