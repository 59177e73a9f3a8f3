using System.Text;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class TrainingPanelTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    [Fact]
    public async Task Engineer_launches_a_retrain_and_watches_trials_fill_in_then_cancels()
    {
        await ModelWithDatasetAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<TrainingPanel>(p => p
            .Add(x => x.ModelName, "churn")
            .Add(x => x.Task, ModelTask.BinaryClassification)
            .Add(x => x.PollInterval, TimeSpan.FromMilliseconds(50)));
        cut.WaitForElement("[data-testid=no-runs]");

        cut.Find("[data-testid=retrain-launch]").Click();

        cut.WaitForAssertion(() => Assert.Equal("enqueued", cut.Find("[data-testid=job-state]").TextContent.Trim()));
        var run = Assert.Single((await Services.GetRequiredService<TrainingService>().ListAsync("churn", null, new PageRequest(), CancellationToken.None)).Items);
        Assert.Equal(10, run.Trials);
        Assert.Equal(1, run.Seed);
        Assert.Equal("FastTree", run.Trainer);

        // The job's part, as RetrainingJob plays it: start, then one trial recorded; the open panel picks it up.
        var tracker = Services.GetRequiredService<TrainingRunTracker>();
        Assert.NotNull(await tracker.StartAsync(run.JobId, run.HangfireJobId, CancellationToken.None));
        await tracker.RecordTrialAsync(run.JobId, new TrialRecord(1, "FastTree", new() { ["numberOfTrees"] = System.Text.Json.JsonSerializer.SerializeToElement(40) }, new() { ["auc"] = 0.87 }, 0.87, 0.5), 1, 10, 0.87, CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Contains("Trial 1 of 10 (10 %) · best auc 0.87", cut.Find("[data-testid=retrain-progress-text]").TextContent, StringComparison.Ordinal));
        Assert.Equal("processing", cut.Find("[data-testid=job-state]").TextContent.Trim());
        var row = Assert.Single(cut.FindAll("[data-testid=trial-table] tbody tr"));
        Assert.Contains("numberOfTrees=40", row.TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=retrain-launch]").HasAttribute("disabled"));

        cut.Find("[data-testid=retrain-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Cancelling", cut.Find("[data-testid=retrain-cancel]").TextContent, StringComparison.Ordinal));
        Assert.True(await tracker.CancelRequestedAsync(run.JobId, CancellationToken.None));
    }

    [Fact]
    public async Task Viewer_sees_runs_but_no_retrain_or_cancel_controls()
    {
        await ModelWithDatasetAsync();
        var launched = await Services.GetRequiredService<TrainingService>().LaunchAsync("churn", new RetrainInput(1, 3, 7), TrainingService.ManualTrigger, Engineer, CancellationToken.None);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<TrainingPanel>(p => p.Add(x => x.ModelName, "churn").Add(x => x.Task, ModelTask.BinaryClassification));

        cut.WaitForAssertion(() => Assert.Equal("enqueued", cut.Find("[data-testid=job-state]").TextContent.Trim()));
        Assert.Contains("Trial 0 of 3", cut.Find("[data-testid=retrain-progress-text]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=retrain-form]"));
        Assert.Empty(cut.FindAll("[data-testid=retrain-cancel]"));
        Assert.Contains($"Run {launched.JobId.ToString()[..8]}", cut.Markup, StringComparison.Ordinal);
    }

    private async Task ModelWithDatasetAsync()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "Customer churn", [new("tenure", "numeric"), new("plan", "categorical")]), Engineer, CancellationToken.None);
        var csv = "tenure,plan,label\n1,a,0\n5,b,1\n3,a,0\n8,b,1\n";
        var stored = await Services.GetRequiredService<IArtifactStore>().PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CancellationToken.None);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var model = await db.Models.SingleAsync(m => m.Name == "churn");
        db.Datasets.Add(new Dataset
        {
            ModelId = model.Id,
            ModelName = "churn",
            Version = 1,
            Sha256 = stored.Sha256,
            SizeBytes = stored.SizeBytes,
            FileName = "churn.csv",
            RowCount = 4,
            Source = "test",
            CreatedBy = Engineer.Name,
            CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
