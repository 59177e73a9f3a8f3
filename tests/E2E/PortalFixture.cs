using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>One running portal and one Chromium for the whole E2E collection.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public PortalServer Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Server = await PortalServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumPath(),
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies: one person) signed in as <paramref name="email"/>.</summary>
    public async Task<IPage> SignInAsync(string email)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalServer.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Navigates and waits until the page runs on its server circuit, so clicks reach the server.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.GetByTestId("circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 20000 });

    /// <summary>
    /// Chooses a file the way a person does: clicks the button named <paramref name="button"/>, answers the
    /// file chooser, then waits until the page shows the chosen name in the element with test id
    /// <paramref name="shownIn"/>. (MudFileUpload adds a fresh hidden input after each choice, so
    /// addressing inputs by position is wrong.)
    /// </summary>
    public static async Task ChooseFileAsync(IPage page, string button, string path, string shownIn)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        await chooser.SetFilesAsync(path);
        await Assertions.Expect(page.GetByTestId(shownIn)).ToHaveTextAsync(Path.GetFileName(path), new() { Timeout = 20000 });
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    // Order: an explicit path, Debian's Chromium, then Playwright's own download (null) on a developer laptop.
    private static string? ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
