using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class UploadVersionTests : PortalComponentContext
{
    [Fact]
    public async Task A_new_model_says_what_to_do_next_and_the_dialog_registers_the_uploaded_artifact()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification"), Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        Assert.Contains("Next step", cut.WaitForElement("[data-testid=no-versions]").TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=upload-version]").Click();
        dialogs.WaitForElement("[data-testid=upload-version-dialog]");
        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[300], "churn.zip"));
        dialogs.WaitForAssertion(() => Assert.Contains("churn.zip", dialogs.Find("[data-testid=artifact-name]").TextContent, StringComparison.Ordinal));
        dialogs.Find("input[data-testid=upload-version]").Change("1.2.0");
        dialogs.Find("input[data-testid=upload-metrics]").Change("auc=0.91, f1=0.8");
        dialogs.Find("input[data-testid=upload-hyperparameters]").Change("trees=100, loss=log");
        dialogs.Find("[data-testid=upload-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=versions-table] tbody tr")));
        var v = await Registry.GetVersionAsync("churn", "1.2.0", CancellationToken.None);
        Assert.Equal(300, v.SizeBytes);
        Assert.Equal(0.91, v.Metrics["auc"]);
        Assert.Equal(100, v.Hyperparameters["trees"].GetDouble());
        Assert.Equal("log", v.Hyperparameters["loss"].GetString());
    }

    [Theory]
    [InlineData("1.2", "auc=0.9", "semantic version")]
    [InlineData("1.2.0", "auc=high", "not a number")]
    [InlineData("1.0.0", "auc=0.9", "already exists")]
    public async Task A_refused_upload_shows_the_engines_message_and_registers_nothing(string version, string metrics, string message)
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification"), Engineer, CancellationToken.None);
        await using (var existing = new MemoryStream(new byte[10]))
        {
            await Registry.RegisterVersionAsync("churn", new VersionMetadata("1.0.0"), existing, "m.zip", Engineer, CancellationToken.None);
        }

        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=upload-version]").Click();
        dialogs.WaitForElement("[data-testid=upload-version-dialog]");
        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[50], "next.zip"));
        dialogs.Find("input[data-testid=upload-version]").Change(version);
        dialogs.Find("input[data-testid=upload-metrics]").Change(metrics);
        dialogs.Find("[data-testid=upload-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains(message, dialogs.Find("[data-testid=upload-error]").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, (await Registry.ListVersionsAsync("churn", new PageRequest(), CancellationToken.None)).Total);
    }
}
