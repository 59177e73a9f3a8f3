using System.Globalization;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Drift;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class DriftPageTests : PortalComponentContext
{
    private static MemoryStream Window(int rows, int seed, double shift)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var sb = new StringBuilder("tenure,plan\n");
        for (var i = 0; i < rows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(Normal() + shift):0.###},{(rng.NextDouble() < 0.5 ? "basic" : "pro")}\n");
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    [Fact]
    public async Task Report_table_lists_features_by_severity_with_chips_and_charts()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", null, [new("tenure", "numeric"), new("plan", "categorical")]), Engineer, CancellationToken.None);
        await Services.GetRequiredService<DriftService>().AnalyzeAndStoreAsync("churn", null, Window(500, 1, 0), "ref.csv", Window(400, 2, 1.0), "cur.csv", Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDrift>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=drift-table]");
        var rows = cut.FindAll("[data-testid=drift-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("tenure", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Critical", rows[0].QuerySelector("[data-testid=severity-chip]")!.TextContent.Trim());
        Assert.Contains("plan", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("None", rows[1].QuerySelector("[data-testid=severity-chip]")!.TextContent.Trim());
        Assert.Contains("tenure", cut.Find("[data-testid=chart-psi] svg").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=chart-ecdf] svg"));
        Assert.StartsWith("Retrain: 1 of 2 features drifted", cut.Find("[data-testid=recommendation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Older_reports_beyond_the_first_fifty_are_shown_on_request()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", null, [new("tenure", "numeric"), new("plan", "categorical")]), Engineer, CancellationToken.None);
        var drift = Services.GetRequiredService<DriftService>();
        for (var i = 0; i < 52; i++)
        {
            await drift.AnalyzeAndStoreAsync("churn", null, Window(20, i, 0), "ref.csv", Window(20, 100 + i, 0), "cur.csv", Engineer, CancellationToken.None);
        }

        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<ModelDrift>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=drift-table]");
        Assert.Equal(50, cut.FindAll("[data-testid=report-item]").Count);
        var older = cut.Find("[data-testid=older-reports]");
        Assert.Contains("50 of 52 shown", older.TextContent, StringComparison.Ordinal);

        await cut.InvokeAsync(() => older.Click());

        cut.WaitForAssertion(() => Assert.Equal(52, cut.FindAll("[data-testid=report-item]").Count));
        Assert.Empty(cut.FindAll("[data-testid=older-reports]"));
    }
}
