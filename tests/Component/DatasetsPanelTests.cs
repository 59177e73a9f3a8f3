using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class DatasetsPanelTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    private DatasetService Datasets => Services.GetRequiredService<DatasetService>();

    private async Task CreateModelAsync() =>
        await Registry.CreateModelAsync(
            new CreateModel("fraud", "binary_classification", Features: [new("amount", "numeric"), new("merchant", "categorical")]), Engineer, CancellationToken.None);

    private async Task<DatasetView> UploadAsync(string csv) =>
        await Datasets.UploadAsync("fraud", new MemoryStream(Encoding.UTF8.GetBytes(csv)), "cards.csv", null, Engineer, CancellationToken.None);

    [Fact]
    public async Task Lists_versions_with_rows_short_hash_and_shows_the_newest_summary()
    {
        await CreateModelAsync();
        await UploadAsync("amount,merchant,label\n10,grocer,0\n30,airline,1\n");
        var second = await UploadAsync("amount,merchant,label\n10,grocer,0\n,airline,1\n50,grocer,1\n");
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<DatasetsPanel>(p => p.Add(x => x.ModelName, "fraud"));

        cut.WaitForAssertion(() => Assert.Equal(["2", "1"], cut.FindAll("[data-testid=dataset-version]").Select(c => c.TextContent)));
        Assert.Equal(["3", "2"], cut.FindAll("[data-testid=dataset-rows]").Select(c => c.TextContent));
        var hash = cut.FindAll("[data-testid=dataset-hash]")[0];
        Assert.Equal(second.Sha256, hash.GetAttribute("title"));
        Assert.Equal(second.Sha256[..12] + "…", hash.TextContent);
        Assert.Contains("Dataset version 2", cut.Find("[data-testid=dataset-summary-title]").TextContent, StringComparison.Ordinal);
        var amount = cut.Find("[data-testid=feature-amount]").QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["amount", "10", "50", "30", "1", "—"], amount);
        Assert.Equal(["1", "2", "66.7 %"], cut.Find("[data-testid=label-1]").QuerySelectorAll("td").Skip(0).Select(td => td.TextContent).ToList());
        // Viewers see no upload form.
        Assert.Empty(cut.FindAll("[data-testid=dataset-upload]"));
    }

    [Fact]
    public async Task An_engineer_uploads_a_file_and_sees_the_row_numbers_of_a_refusal_then_the_stored_version()
    {
        await CreateModelAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<DatasetsPanel>(p => p.Add(x => x.ModelName, "fraud"));
        cut.WaitForElement("[data-testid=no-datasets]");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("amount,merchant,label\n1,grocer,0\nx,grocer,1\n", "bad.csv"));
        cut.WaitForAssertion(() => Assert.StartsWith("bad.csv", cut.Find("[data-testid=dataset-file-name]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=dataset-upload-button]").Click();

        cut.WaitForAssertion(() => Assert.Contains("row 3: 'amount' is 'x'", cut.Find("[data-testid=dataset-refusal]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, (await Datasets.ListAsync("fraud", new PageRequest(), CancellationToken.None)).Total);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("amount,merchant,label\n1,grocer,0\n2,grocer,1\n", "good.csv"));
        cut.WaitForAssertion(() => Assert.StartsWith("good.csv", cut.Find("[data-testid=dataset-file-name]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=dataset-upload-button]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["1"], cut.FindAll("[data-testid=dataset-version]").Select(c => c.TextContent)));
        Assert.Empty(cut.FindAll("[data-testid=dataset-refusal]"));
        Assert.Equal("good.csv", (await Datasets.GetAsync("fraud", 1, CancellationToken.None)).FileName);
    }
}
