using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// The demo seed makes every version the way a person does: a stored dataset version, a retraining run with its trials,
/// and lineage to both. Checked over the API of a seeded portal, down to the stored CSV's bytes.
/// </summary>
public sealed class DemoSeedDatasetTests : IAsyncLifetime
{
    private readonly PortalApp app = new() { Settings = new Dictionary<string, string> { ["Portal:SeedDemo"] = "true" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Seeded_versions_come_from_retraining_runs_on_stored_dataset_versions_whose_files_match_their_hash()
    {
        using var client = await app.ClientForAsync(PortalApp.AdminEmail);

        await AssertTrainedThroughThePipelineAsync(client, "credit-risk", 3);
        await AssertTrainedThroughThePipelineAsync(client, "house-prices", 2);
        await AssertTrainedThroughThePipelineAsync(client, "card-fraud", 2);

        // One seeded portal for both checks: seeding trains seven versions.
        await AssertDemoStoryAsync(client);
    }

    /// <summary>Production versions, a pending request, and a drift report that finds the generator's drifted window.</summary>
    private static async Task AssertDemoStoryAsync(HttpClient client)
    {
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/models/credit-risk/versions");
        Assert.Equal(["Production", "Staging", "Staging"], credit.GetProperty("items").EnumerateArray()
            .OrderBy(v => v.GetProperty("version").GetString(), StringComparer.Ordinal).Select(v => v.GetProperty("stage").GetString()));
        var pending = await client.GetFromJsonAsync<JsonElement>("/api/v1/promotions?status=pending&model=credit-risk");
        var request = Assert.Single(pending.GetProperty("items").EnumerateArray());
        Assert.Equal("1.1.0", request.GetProperty("version").GetString());
        Assert.Equal("Production", request.GetProperty("targetStage").GetString());

        // card-fraud: Production on the quiet window; the holiday window's drift report flags the features the
        // generator shifted; the retrain on that window filed its own Staging request when it passed the gate.
        var fraud = await client.GetFromJsonAsync<JsonElement>("/api/v1/models/card-fraud/versions");
        Assert.Contains(fraud.GetProperty("items").EnumerateArray(), v => v.GetProperty("stage").GetString() == "Production");
        var reports = await client.GetFromJsonAsync<JsonElement>("/api/v1/models/card-fraud/drift");
        var summary = Assert.Single(reports.GetProperty("items").EnumerateArray());
        Assert.True(summary.GetProperty("datasetDrift").GetBoolean());
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/drift/reports/{summary.GetProperty("id").GetString()}");
        var flagged = report.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("drifted").GetBoolean()).Select(f => f.GetProperty("name").GetString()).ToHashSet();
        Assert.Contains("amount", flagged);
        Assert.Contains("distance_km", flagged);
        Assert.Contains("channel", flagged);
        Assert.Contains("hour", flagged);
        Assert.DoesNotContain("card_age_days", flagged);
        var filed = await client.GetFromJsonAsync<JsonElement>("/api/v1/promotions?status=pending&model=card-fraud");
        var staging = Assert.Single(filed.GetProperty("items").EnumerateArray());
        Assert.Equal(("1.1.0", "Staging"), (staging.GetProperty("version").GetString(), staging.GetProperty("targetStage").GetString()));
        Assert.StartsWith("Retraining job", staging.GetProperty("justification").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertTrainedThroughThePipelineAsync(HttpClient client, string model, int expectedVersions)
    {
        var datasets = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets");
        var versions = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions");

        Assert.Equal(expectedVersions, versions.GetProperty("total").GetInt32());
        Assert.Equal(expectedVersions, datasets.GetProperty("total").GetInt32());
        Assert.All(datasets.GetProperty("items").EnumerateArray(), d => Assert.Equal("demo", d.GetProperty("source").GetString()));
        var linked = new HashSet<int>();
        foreach (var v in versions.GetProperty("items").EnumerateArray())
        {
            var version = v.GetProperty("version").GetString();
            var number = int.Parse(v.GetProperty("datasetVersion").GetString()!, CultureInfo.InvariantCulture);
            var file = await client.GetByteArrayAsync($"/api/v1/models/{model}/datasets/{number}/file");
            Assert.Equal(v.GetProperty("datasetHash").GetString(), Convert.ToHexStringLower(SHA256.HashData(file)));
            linked.Add(number);

            var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{v.GetProperty("trainingRun").GetString()}");
            Assert.Equal("succeeded", run.GetProperty("state").GetString());
            Assert.Equal(version, run.GetProperty("version").GetString());
            Assert.Equal(number, run.GetProperty("datasetVersion").GetInt32());
            Assert.Equal(3, run.GetProperty("trialResults").GetArrayLength());
            Assert.All(run.GetProperty("trialResults").EnumerateArray(), t => Assert.True(t.GetProperty("metrics").EnumerateObject().Any()));
        }

        Assert.Equal(expectedVersions, linked.Count);

        // Lineage: the first version has no parent, every later one names a version of the same model.
        var names = versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetString()).ToHashSet();
        var first = versions.GetProperty("items").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "1.0.0");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("parentVersion").ValueKind);
        Assert.All(versions.GetProperty("items").EnumerateArray().Where(v => v.GetProperty("version").GetString() != "1.0.0"),
            v => Assert.Contains(v.GetProperty("parentVersion").GetString(), names));
    }
}
