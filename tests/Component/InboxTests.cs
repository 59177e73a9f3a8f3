using Bunit;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Approvals;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class InboxTests : PortalComponentContext
{
    private IRenderedComponent<Inbox> RenderInbox()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<Inbox>();
    }

    [Fact]
    public async Task Approver_reads_checklist_and_approves_with_a_reason()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Artifact integrity", cut.Find("[data-testid=checklist]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Gate auc ≥ 0.8: 0.91", cut.Find("[data-testid=checklist]").TextContent, StringComparison.Ordinal);

        cut.Find("textarea").Change("Metrics hold up");
        cut.Find("[data-testid=approve]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Approved by approver@test", cut.Find("[data-testid=decision]").TextContent, StringComparison.Ordinal));
        Assert.Equal(Stage.Production, (await Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task Approve_without_reason_changes_nothing()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]").Click();
        cut.WaitForElement("[data-testid=approve]").Click();

        Assert.Equal(Stage.Staging, (await Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
        Assert.Empty(cut.FindAll("[data-testid=decision]"));
    }

    [Fact]
    public async Task Requester_sees_four_eyes_notice_instead_of_buttons()
    {
        await PendingRequestAsync(Approver);
        SignIn(Approver);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]").Click();

        cut.WaitForElement("[data-testid=own-request]");
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }

    [Fact]
    public async Task Engineer_sees_the_request_but_no_approve_button()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Engineer);
        var cut = RenderInbox();

        cut.WaitForElement("[data-testid=inbox-item]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Only approvers can decide requests.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }
}
