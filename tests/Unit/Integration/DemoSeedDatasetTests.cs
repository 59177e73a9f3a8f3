using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>The demo seed stores its training data as dataset versions and every seeded version points to one.</summary>
public sealed class DemoSeedDatasetTests : IAsyncLifetime
{
    private readonly PortalApp app = new() { Settings = new Dictionary<string, string> { ["Portal:SeedDemo"] = "true" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Seeded_versions_link_to_stored_demo_dataset_versions_by_number_and_hash()
    {
        using var client = await app.ClientForAsync(PortalApp.AdminEmail);
        await AssertLinkedAsync(client, "credit-risk", 3);
        await AssertLinkedAsync(client, "house-prices", 2);
    }

    private static async Task AssertLinkedAsync(HttpClient client, string model, int expectedDatasets)
    {

        var datasets = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets");
        var versions = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions");

        Assert.Equal(expectedDatasets, datasets.GetProperty("total").GetInt32());
        Assert.All(datasets.GetProperty("items").EnumerateArray(), d =>
        {
            Assert.Equal("demo", d.GetProperty("source").GetString());
            Assert.True(d.GetProperty("rowCount").GetInt32() >= 800);
        });
        var linked = new HashSet<int>();
        foreach (var v in versions.GetProperty("items").EnumerateArray())
        {
            var number = int.Parse(v.GetProperty("datasetVersion").GetString()!, CultureInfo.InvariantCulture);
            var dataset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets/{number}");
            Assert.Equal(v.GetProperty("datasetHash").GetString(), dataset.GetProperty("sha256").GetString());
            linked.Add(number);
        }

        Assert.Equal(expectedDatasets, linked.Count);
    }
}
