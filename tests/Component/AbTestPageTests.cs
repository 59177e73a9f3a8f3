using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Components.Pages.AbTests;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class AbTestPageTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private AbTestService Tests => Services.GetRequiredService<AbTestService>();

    [Fact]
    public async Task Arms_stand_side_by_side_with_the_verdict_in_words_and_a_chart_and_viewers_get_no_controls()
    {
        var id = await RunningTestAsync(minSamples: 20);
        await LogAsync("1.0.0", correct: 12, wrong: 8);
        await LogAsync("1.1.0", correct: 20, wrong: 0);
        var expected = ProportionTest.Compare(12, 20, 20, 20, 0.05);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Winner: B (1.1.0)", cut.Find("[data-testid=abtest-status]").TextContent.Trim()), Patience);
        Assert.Equal("Running", cut.Find("[data-testid=abtest-state]").TextContent.Trim());
        Assert.Contains("can still change while the test runs", cut.Find("[data-testid=abtest-not-final]").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"B (1.1.0) is better by 40.0 points (95 % CI {expected.CiLow * 100:0.0} to {expected.CiHigh * 100:0.0}, p = {expected.PValue:0.000})."),
            cut.Find("[data-testid=abtest-verdict]").TextContent.Trim());
        Assert.Equal("60.0 %", cut.Find("[data-testid=arm-a-value]").TextContent);
        Assert.Equal("100.0 %", cut.Find("[data-testid=arm-b-value]").TextContent);
        Assert.Contains("1.1.0 (winner)", cut.Find("[data-testid=arm-b]").TextContent, StringComparison.Ordinal);
        Assert.Contains("accuracy per arm over time", cut.Find("[data-testid=abtest-chart] svg").InnerHtml, StringComparison.Ordinal);
        Assert.Matches(@"started \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", cut.Find("[data-testid=abtest-dates]").TextContent);
        Assert.Equal("70 % of traffic · control", cut.Find("[data-testid=arm-a-share]").TextContent.Trim());
        Assert.Equal("30 % of traffic · challenger", cut.Find("[data-testid=arm-b-share]").TextContent.Trim());
        Assert.Contains("Primary metric: Accuracy", cut.Find("[data-testid=abtest-settings]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=abtest-refresh]"));
        Assert.Empty(cut.FindAll("[data-testid=abtest-stop]"));
    }

    [Fact]
    public async Task A_p_value_below_a_thousandth_reads_p_below_0_001()
    {
        var id = await RunningTestAsync(minSamples: 20);
        await LogAsync("1.0.0", correct: 30, wrong: 30);
        await LogAsync("1.1.0", correct: 60, wrong: 0);
        SignIn(Viewer);

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.EndsWith(", p < 0.001).", cut.Find("[data-testid=abtest-verdict]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        Assert.DoesNotContain("p = <", cut.Find("[data-testid=abtest-verdict]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Below_the_minimum_the_page_says_how_many_samples_are_missing()
    {
        var id = await RunningTestAsync(minSamples: 30);
        await LogAsync("1.0.0", correct: 5, wrong: 5);
        await LogAsync("1.1.0", correct: 12, wrong: 0);
        SignIn(Viewer);

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Not enough samples yet: 10 of 30 per arm.", cut.Find("[data-testid=abtest-verdict]").TextContent.Trim()), Patience);
        Assert.Equal("Running", cut.Find("[data-testid=abtest-state]").TextContent.Trim());
        Assert.Equal("No verdict yet", cut.Find("[data-testid=abtest-status]").TextContent.Trim());
        Assert.Contains("Samples (labelled predictions)", cut.Find("[data-testid=arm-a]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_asks_first_saying_what_happens_and_then_the_split_returns_to_the_stable_version()
    {
        var id = await RunningTestAsync(minSamples: 20);
        await LogAsync("1.0.0", correct: 3, wrong: 1);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=abtest-stop]", Patience).Click();

        dialogs.WaitForElement("[data-testid=abtest-stop-dialog]", Patience);
        Assert.Equal(
            "The numbers freeze as they are now (A 1.0.0: 4 samples, B 1.1.0: 0 samples); predictions and feedback that arrive later do not change the result.",
            Normalised(dialogs.Find("[data-testid=abtest-stop-freeze]").TextContent));
        Assert.Equal("The live split goes back to what it was before the test (1.0.0 100 %), unless someone changed it since the test started.",
            dialogs.Find("[data-testid=abtest-stop-split]").TextContent.Trim());
        Assert.Equal("There is no verdict yet, so the test ends without one.", dialogs.Find("[data-testid=abtest-stop-outcome]").TextContent.Trim());
        Assert.Empty(dialogs.FindAll("[data-testid=abtest-stop-request-promotion]"));
        dialogs.Find("textarea[data-testid=abtest-stop-reason]").Input("Enough seen");
        dialogs.Find("[data-testid=abtest-stop-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Stopped", cut.Find("[data-testid=abtest-state]").TextContent.Trim()), Patience);
        Assert.Empty(cut.FindAll("[data-testid=abtest-stop]"));
        var stopped = await Tests.GetAsync(id, CancellationToken.None);
        Assert.Equal(("engineer@test", "Enough seen", (Guid?)null), (stopped.StoppedBy, stopped.StopReason, stopped.PromotionRequestId));
        var serving = await Services.GetRequiredService<DeploymentService>().GetAsync("churn", CancellationToken.None);
        Assert.Equal(100m, serving.Allocations.Single(a => a.Version == "1.0.0").Percent);
    }

    [Fact]
    public async Task Keeping_the_test_running_in_the_confirmation_changes_nothing()
    {
        var id = await RunningTestAsync(minSamples: 20);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=abtest-stop]", Patience);
        Assert.Contains("No predictions have reached either arm yet", cut.Find("[data-testid=abtest-no-traffic]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=abtest-chart]"));
        cut.Find("[data-testid=abtest-stop]").Click();
        dialogs.WaitForElement("[data-testid=abtest-stop-cancel]", Patience).Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=abtest-stop-dialog]")), Patience);
        Assert.True((await Tests.GetAsync(id, CancellationToken.None)).Running);
        Assert.Equal("Running", cut.Find("[data-testid=abtest-state]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid=abtest-stop]"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stopping_with_a_winner_offers_its_promotion_request_which_waits_for_an_approver(bool request)
    {
        var id = await RunningTestAsync(minSamples: 20);
        await LogAsync("1.0.0", correct: 12, wrong: 8);
        await LogAsync("1.1.0", correct: 20, wrong: 0);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=abtest-stop]", Patience).Click();
        dialogs.WaitForElement("[data-testid=abtest-stop-dialog]", Patience);
        Assert.Equal("1.1.0 is the winner.", dialogs.Find("[data-testid=abtest-stop-outcome]").TextContent.Trim());
        Assert.Contains("Also file a Production promotion request for 1.1.0", dialogs.Find("[data-testid=abtest-stop-dialog]").TextContent, StringComparison.Ordinal);
        Assert.Contains("nothing is promoted by stopping the test", dialogs.Find("[data-testid=abtest-stop-dialog]").TextContent, StringComparison.Ordinal);
        if (request)
        {
            dialogs.Find("[data-testid=abtest-stop-dialog] input[type=checkbox]").Change(true);
        }

        dialogs.Find("[data-testid=abtest-stop-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Stopped", cut.Find("[data-testid=abtest-state]").TextContent.Trim()), Patience);
        var stopped = await Tests.GetAsync(id, CancellationToken.None);
        var pending = await Promotions.ListAsync("Pending", "churn", new PageRequest(), CancellationToken.None);
        if (request)
        {
            var filed = Assert.Single(pending.Items);
            Assert.Equal(("1.1.0", Stage.Production, filed.Id), (filed.Version, filed.TargetStage, stopped.PromotionRequestId!.Value));
            Assert.Contains($"Promotion request {filed.Id} filed for 1.1.0; it waits for an approver.", cut.Find("[data-testid=abtest-note]").TextContent, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(pending.Items);
            Assert.Null(stopped.PromotionRequestId);
        }

        // Never promoted by itself: 1.1.0 stays in Staging either way.
        Assert.Equal(Stage.Staging, (await Registry.GetVersionAsync("churn", "1.1.0", CancellationToken.None)).Stage);
    }

    private static string Normalised(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public async Task A_test_whose_split_was_changed_by_someone_reads_interrupted_with_the_change_named()
    {
        var id = await RunningTestAsync(minSamples: 20);
        await LogAsync("1.0.0", correct: 5, wrong: 5);
        await Services.GetRequiredService<DeploymentService>().SetTrafficAsync("churn",
            new TrafficInput([new ShareInput("1.0.0", 100m)], Reason: "pulled the challenger"), null, Engineer, CancellationToken.None);
        SignIn(Viewer);

        var cut = Render<AbTestPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Interrupted", cut.Find("[data-testid=abtest-state]").TextContent.Trim()), Patience);
        var reason = cut.Find("[data-testid=abtest-interrupted]").TextContent;
        Assert.Contains("traffic changed by engineer@test: pulled the challenger", reason, StringComparison.Ordinal);
        Assert.Contains("The numbers are frozen", reason, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=abtest-stop]"));
    }

    private async Task<Guid> RunningTestAsync(int minSamples)
    {
        var request = await PendingRequestAsync(Engineer);
        await Promotions.ApproveAsync(request.Id, "Good", Approver, CancellationToken.None);
        using var artifact = new MemoryStream([4, 5, 6]);
        await Registry.RegisterVersionAsync("churn", new VersionMetadata("1.1.0", new() { ["auc"] = 0.93 }), artifact, "churn.zip", Engineer, CancellationToken.None);
        await Registry.ChangeStageAsync("churn", "1.1.0", "Staging", null, Engineer, CancellationToken.None);
        var test = await Tests.CreateAsync("churn", new AbTestInput("1.0.0", "1.1.0", 30m, "accuracy", minSamples, null), Engineer, CancellationToken.None);
        return test.Id;
    }

    private async Task LogAsync(string version, int correct, int wrong)
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var model = await db.Models.SingleAsync(m => m.Name == "churn");
        var now = DateTime.UtcNow;
        for (var i = 0; i < correct + wrong; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                Id = Guid.CreateVersion7(),
                ModelId = model.Id,
                ModelName = "churn",
                Version = version,
                Inputs = "{\"tenure\":1}",
                Prediction = 1,
                Score = 0.9,
                LatencyMs = 2 + i,
                At = now,
                Succeeded = true,
                Label = i < correct ? 1 : 0,
                LabelledAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}
