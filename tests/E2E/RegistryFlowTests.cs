using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>A newcomer's path without the API: register a model, upload a version, request Production, archive another.</summary>
[Collection(PortalCollection.Name)]
public sealed class RegistryFlowTests(PortalFixture portal)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Wait = new() { Timeout = 20000 };

    [Fact]
    public async Task Engineer_registers_uploads_requests_production_and_archives_in_the_portal()
    {
        var name = $"e2e-{Guid.NewGuid():N}"[..12];
        var artifact = Path.Combine(Path.GetTempPath(), $"{name}.zip");
        await File.WriteAllBytesAsync(artifact, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/models");
            await page.GetByTestId("new-model").ClickAsync();
            await page.Locator("input[data-testid=new-model-name]").FillAsync(name);
            await page.Locator("input[data-testid=new-model-tags]").FillAsync("e2e, newcomer");
            await page.GetByTestId("register-model").ClickAsync();
            await Assertions.Expect(page.GetByTestId("no-versions")).ToContainTextAsync("register the first version", new() { Timeout = 20000 });

            await UploadAsync(page, artifact, "1.0.0", "auc=0.91");
            await UploadAsync(page, artifact.Replace(".zip", "-b.zip", StringComparison.Ordinal), "1.1.0", "auc=0.88");

            await Row(page, "1.0.0").GetByTestId("to-staging").ClickAsync();
            await Assertions.Expect(Row(page, "1.0.0").GetByTestId("stage-chip")).ToHaveTextAsync("Staging", new() { Timeout = 20000 });
            await Row(page, "1.0.0").GetByTestId("request-promotion").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToContainTextAsync($"Request Production for {name} 1.0.0", new() { Timeout = 20000 });
            await dialog.GetByTestId("reason-input").FillAsync("Beats the baseline on the holdout.");
            await dialog.GetByTestId("reason-confirm").ClickAsync();
            await Assertions.Expect(Row(page, "1.0.0").GetByTestId("pending-chip")).ToBeVisibleAsync(Wait);
            await Assertions.Expect(Row(page, "1.0.0").GetByTestId("request-promotion")).ToHaveCountAsync(0);

            await Row(page, "1.1.0").GetByTestId("archive").ClickAsync();
            dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToContainTextAsync($"Archive {name} 1.1.0?", new() { Timeout = 20000 });
            await dialog.GetByTestId("reason-input").FillAsync("Worse than 1.0.0.");
            await dialog.GetByTestId("reason-confirm").ClickAsync();
            await Assertions.Expect(Row(page, "1.1.0").GetByTestId("stage-chip")).ToHaveTextAsync("Archived", new() { Timeout = 20000 });
            await PortalFixture.ScreenshotAsync(page, "registry-flow");
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-registry-flow");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task UploadAsync(IPage page, string path, string version, string metrics)
    {
        if (!File.Exists(path))
        {
            await File.WriteAllBytesAsync(path, Enumerable.Range(0, 400).Select(i => (byte)(i * 7)).ToArray());
        }

        await page.GetByTestId("upload-version").First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Upload a version", new() { Timeout = 20000 });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Choose artifact" }).ClickAsync());
        await chooser.SetFilesAsync(path);
        await Assertions.Expect(dialog.GetByTestId("artifact-name")).ToContainTextAsync(Path.GetFileName(path), new() { Timeout = 20000 });
        await dialog.Locator("input[data-testid=upload-version]").FillAsync(version);
        await dialog.Locator("input[data-testid=upload-metrics]").FillAsync(metrics);
        await dialog.GetByTestId("upload-confirm").ClickAsync();
        await Assertions.Expect(Row(page, version)).ToBeVisibleAsync(Wait);
    }

    private static ILocator Row(IPage page, string version) =>
        page.GetByTestId("versions-table").Locator("tr").Filter(new()
        {
            Has = page.GetByTestId("version").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(version)}$") }),
        });
}
