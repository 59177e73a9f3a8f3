using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class ApprovalFlowTests(PortalFixture portal)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Wait = new() { Timeout = 15000 };

    [Fact]
    public async Task Approver_approves_pending_request_in_inbox_and_version_reaches_production()
    {
        var page = await portal.SignInAsync("approver@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/approvals");
            var item = page.GetByTestId("inbox-item").Filter(new() { HasText = "credit-risk 1.1.0" });
            await Assertions.Expect(item).ToBeVisibleAsync(Wait);
            await item.ClickAsync();
            await Assertions.Expect(page.GetByTestId("checklist")).ToContainTextAsync("Artifact integrity");
            await page.Locator("textarea[data-testid=decision-reason], [data-testid=decision-reason] textarea").First.FillAsync("Validation AUC holds; approved in the E2E test.");
            await PortalFixture.ScreenshotAsync(page, "approvals-inbox");
            await page.GetByTestId("approve").ClickAsync();
            await Assertions.Expect(page.GetByTestId("decision")).ToContainTextAsync("Approved by approver@modellifecycle.local", new() { Timeout = 15000 });

            await PortalFixture.OpenAsync(page, "/models/credit-risk");
            var row = VersionRow(page, "1.1.0");
            await Assertions.Expect(row.GetByTestId("stage-chip")).ToHaveTextAsync("Production", new() { Timeout = 15000 });
            var previous = VersionRow(page, "1.0.0");
            await Assertions.Expect(previous.GetByTestId("stage-chip")).ToHaveTextAsync("Archived");
            await PortalFixture.ScreenshotAsync(page, "model-detail");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Stage history" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("stage-history")).ToContainTextAsync("approver@modellifecycle.local");
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-approval");
            throw;
        }
    }

    [Fact]
    public async Task Engineer_requests_promotion_from_model_page_and_cannot_approve_it()
    {
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/models/credit-risk");
            var row = VersionRow(page, "1.2.0");
            await row.GetByTestId("request-promotion").ClickAsync(new() { Timeout = 15000 });
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToContainTextAsync("Request Production for credit-risk 1.2.0", new() { Timeout = 15000 });
            await dialog.GetByTestId("reason-input").FillAsync("Slower learning rate generalises better.");
            await dialog.GetByTestId("reason-confirm").ClickAsync();
            await Assertions.Expect(page.GetByText("Promotion of 1.2.0 requested")).ToBeVisibleAsync(Wait);

            await PortalFixture.OpenAsync(page, "/approvals");
            await page.GetByTestId("inbox-item").Filter(new() { HasText = "credit-risk 1.2.0" }).ClickAsync(new() { Timeout = 15000 });
            await Assertions.Expect(page.GetByTestId("request-detail")).ToContainTextAsync("Slower learning rate");
            await Assertions.Expect(page.GetByText("Only approvers can decide requests.")).ToBeVisibleAsync(Wait);
            await Assertions.Expect(page.GetByTestId("approve")).ToHaveCountAsync(0);
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-request");
            throw;
        }
    }

    private static ILocator VersionRow(IPage page, string version) =>
        page.GetByTestId("versions-table").Locator("tr").Filter(new()
        {
            Has = page.GetByTestId("version").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(version)}$") }),
        });

    [Fact]
    public async Task Viewer_sees_requests_but_no_approve_button()
    {
        var page = await portal.SignInAsync("viewer@modellifecycle.local");
        await PortalFixture.OpenAsync(page, "/approvals");
        await page.GetByTestId("inbox-item").First.ClickAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByTestId("request-detail")).ToBeVisibleAsync(Wait);
        await Assertions.Expect(page.GetByTestId("approve")).ToHaveCountAsync(0);
        await page.GotoAsync("/admin");
        await PortalFixture.ScreenshotAsync(page, "viewer-admin-denied");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync(Wait);
    }
}
