using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Components.Pages.Datasets;
using ModelLifecycle.Portal.Components.Shared;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

/// <summary>The top-level Datasets page: every model's dataset versions, newest first, paged, read only.</summary>
public sealed class DatasetsIndexTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    private DatasetService Datasets => Services.GetRequiredService<DatasetService>();

    private async Task CreateModelAsync(string name) =>
        await Registry.CreateModelAsync(new CreateModel(name, "binary_classification", Features: [new("amount", "numeric")]), Engineer, CancellationToken.None);

    private async Task<DatasetView> UploadAsync(string model, string csv) =>
        await Datasets.UploadAsync(model, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "rows.csv", null, Engineer, CancellationToken.None);

    [Fact]
    public async Task A_viewer_sees_the_datasets_of_every_model_with_a_short_hash_a_copy_button_and_a_link_to_the_models_tab()
    {
        await CreateModelAsync("fraud");
        await CreateModelAsync("churn");
        await UploadAsync("fraud", "amount,label\n10,0\n30,1\n");
        await UploadAsync("churn", "amount,label\n1,0\n2,1\n3,1\n");
        var newest = await UploadAsync("fraud", "amount,label\n10,0\n31,1\n50,1\n70,0\n");
        SignIn(Viewer);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var cut = Render<DatasetsIndex>();

        cut.WaitForAssertion(() => Assert.Equal(["fraud", "churn", "fraud"], cut.FindAll("[data-testid=all-dataset-model]").Select(c => c.TextContent)));
        Assert.Equal(["2", "1", "1"], cut.FindAll("[data-testid=all-dataset-version]").Select(c => c.TextContent));
        var hash = cut.FindAll("[data-testid=all-dataset-hash]")[0];
        Assert.Equal(newest.Sha256, hash.GetAttribute("title"));
        Assert.Equal(newest.Sha256[..12] + "…", hash.TextContent);
        Assert.Equal("/models/fraud?tab=datasets", cut.Find("[data-testid=all-dataset-model] a").GetAttribute("href"));
        Assert.Contains("engineer@test", cut.Find("[data-testid=all-datasets-table] tbody tr").TextContent, StringComparison.Ordinal);
        Assert.Contains(Formats.Utc(newest.CreatedAt), cut.Find("[data-testid=all-datasets-table] tbody tr").TextContent, StringComparison.Ordinal);

        cut.FindAll("[data-testid=copy-hash]")[0].Click();
        Assert.Equal(newest.Sha256, Assert.Single(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText").Arguments[0]);
        // Read only: no upload, no delete, for anyone on this page.
        Assert.Empty(cut.FindAll("[data-testid=dataset-upload]"));
        Assert.Empty(cut.FindAll("input[type=file]"));
    }

    [Fact]
    public async Task Pages_hold_25_rows_and_the_pager_reaches_the_rest()
    {
        await CreateModelAsync("fraud");
        for (var i = 0; i < 27; i++)
        {
            await UploadAsync("fraud", $"amount,label\n{i},0\n{i + 1},1\n");
        }

        SignIn(Viewer);
        Render<MudPopoverProvider>();
        var cut = Render<DatasetsIndex>();

        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid=all-dataset-version]").Count));
        cut.Find("button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(["2", "1"], cut.FindAll("[data-testid=all-dataset-version]").Select(c => c.TextContent)));
    }
}
