using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class RegistryOverviewTests
{
    [Fact]
    public async Task Overview_counts_every_model_in_production_not_only_the_first_page()
    {
        await using var h = new EngineHarness();
        // 12 models (more than the dashboard's page of 10), 11 of them with a version approved into Production.
        for (var i = 0; i < 12; i++)
        {
            var name = $"model-{i:00}";
            await h.CreateModelAsync(name);
            if (i == 5)
            {
                await h.RegisterAsync(name, "1.0.0", 0.9);
                continue;
            }

            var request = await h.StagedRequestAsync(name, "1.0.0", 0.9);
            await h.Promotions.ApproveAsync(request.Id, "good", EngineHarness.Approver, CancellationToken.None);
        }

        // A second Production promotion of one model archives the first: still one model in Production.
        var again = await h.StagedRequestAsync("model-00", "1.1.0", 0.95);
        await h.Promotions.ApproveAsync(again.Id, "better", EngineHarness.Approver, CancellationToken.None);

        var overview = await h.Registry.OverviewAsync(CancellationToken.None);

        Assert.Equal(12, overview.Models);
        Assert.Equal(11, overview.ModelsInProduction);
        Assert.Equal(13, overview.Versions);
    }
}

public sealed class RegistryListingTests : IAsyncLifetime
{
    private readonly EngineHarness h = new();

    public Task InitializeAsync() => h.CreateModelAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Versions_page_newest_semver_first_with_the_total()
    {
        // Registered out of order: 1.10.0 is newer than 1.9.0 (numeric, not text, order) and 2.0.0 beats its rc.
        foreach (var v in new[] { "1.9.0", "2.0.0-rc.1", "1.10.0", "0.1.0", "2.0.0", "1.10.1" })
        {
            await h.RegisterAsync("churn", v, 0.9);
        }

        var first = await h.Registry.ListVersionsAsync("churn", new PageRequest(1, 4), CancellationToken.None);
        var second = await h.Registry.ListVersionsAsync("churn", new PageRequest(2, 4), CancellationToken.None);

        Assert.Equal(6, first.Total);
        Assert.Equal(["2.0.0", "2.0.0-rc.1", "1.10.1", "1.10.0"], first.Items.Select(v => v.Version));
        Assert.Equal(["1.9.0", "0.1.0"], second.Items.Select(v => v.Version));
    }

    [Fact]
    public async Task Summary_figures_come_from_the_versions_without_loading_them()
    {
        foreach (var v in new[] { "1.9.0", "1.10.0", "2.0.0-rc.1" })
        {
            await h.RegisterAsync("churn", v, 0.9);
        }

        var request = await h.StagedRequestAsync("churn", "1.2.0", 0.95);
        await h.Promotions.ApproveAsync(request.Id, "good", EngineHarness.Approver, CancellationToken.None);

        var summary = await h.Registry.GetModelAsync("churn", CancellationToken.None);
        var listed = (await h.Registry.ListModelsAsync(null, new PageRequest(1, 10), CancellationToken.None)).Items.Single();

        Assert.Equal(4, summary.VersionCount);
        Assert.Equal("2.0.0-rc.1", summary.LatestVersion);
        Assert.Equal("1.2.0", summary.ProductionVersion);
        Assert.Equal(summary, listed with { Tags = summary.Tags, Features = summary.Features });
        await Assert.ThrowsAsync<ModelLifecycle.Domain.Common.DomainException>(() => h.Registry.GetModelAsync("ghost", CancellationToken.None));
    }
}
