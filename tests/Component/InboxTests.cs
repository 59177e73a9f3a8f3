using Bunit;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Approvals;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class InboxTests : PortalComponentContext
{
    /// <summary>How long to wait for a page's work on a busy machine (a wait, not a speed assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IRenderedComponent<MudSnackbarProvider>? snackbars;

    private IRenderedComponent<Inbox> RenderInbox()
    {
        Render<MudPopoverProvider>();
        snackbars = Render<MudSnackbarProvider>();
        return Render<Inbox>();
    }

    [Fact]
    public async Task Approver_reads_checklist_and_approves_with_a_reason()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();
        cut.WaitForAssertion(() => Assert.Contains("Artifact integrity", cut.Find("[data-testid=checklist]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Contains("Gate auc ≥ 0.8: 0.91", cut.Find("[data-testid=checklist]").TextContent, StringComparison.Ordinal);

        cut.Find("textarea").Change("Metrics hold up");
        cut.Find("[data-testid=approve]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Approved by approver@test", cut.Find("[data-testid=decision]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal(Stage.Production, (await Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task Approve_without_reason_changes_nothing()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();
        cut.WaitForElement("[data-testid=approve]", Patience).Click();

        // Wait until the click's work is done: the engine's refusal is shown.
        var shown = snackbars!;
        shown.WaitForAssertion(() => Assert.Contains("A decision needs a reason.", shown.Markup, StringComparison.Ordinal), Patience);
        Assert.Equal(Stage.Staging, (await Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
        Assert.Equal(PromotionStatus.Pending, (await Promotions.ListAsync(null, "churn", new PageRequest(), CancellationToken.None)).Items.Single().Status);
        Assert.Empty(cut.FindAll("[data-testid=decision]"));
    }

    [Fact]
    public async Task Four_eyes_compares_user_ids_not_display_names()
    {
        await PendingRequestAsync(Approver);
        SignIn(Approver with { Name = "renamed@test" });
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();

        cut.WaitForElement("[data-testid=own-request]", Patience);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }

    [Fact]
    public async Task Approve_is_disabled_with_the_reason_when_a_blocking_check_fails()
    {
        var admin = new Actor("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "Customer churn", [new("tenure", "numeric")], null, new MetricGate("auc", 0.95)), Engineer, CancellationToken.None);
        using (var artifact = new MemoryStream([1, 2, 3]))
        {
            await Registry.RegisterVersionAsync("churn", new VersionMetadata("1.0.0", new() { ["auc"] = 0.91 }), artifact, "churn.zip", Engineer, CancellationToken.None);
        }

        await Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, Engineer, CancellationToken.None);
        await Promotions.RequestAsync("churn", "1.0.0", "Production", "Close enough", Engineer, CancellationToken.None);
        await Promotions.SetApprovalPolicyAsync("churn", new ApprovalPolicyInput(true, false), admin, CancellationToken.None);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();

        cut.WaitForAssertion(() => Assert.Contains("Metric gate", cut.Find("[data-testid=approve-blocked]").TextContent, StringComparison.Ordinal), Patience);
        Assert.True(cut.Find("[data-testid=approve]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=reject]").HasAttribute("disabled"));
        Assert.NotEmpty(cut.FindAll("[data-testid=check-changed]"));
    }

    [Fact]
    public async Task Requester_sees_four_eyes_notice_instead_of_buttons()
    {
        await PendingRequestAsync(Approver);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();

        cut.WaitForElement("[data-testid=own-request]", Patience);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }

    [Fact]
    public async Task Engineer_sees_the_request_but_no_approve_button()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Engineer);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]", Patience).Click();

        cut.WaitForAssertion(() => Assert.Contains("Only approvers can decide requests.", cut.Markup, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }
}
