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
