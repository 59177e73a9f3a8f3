using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Tests.Unit.Integration.Deployments;
using ModelLifecycle.Tests.Unit.Serving;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// A/B tests over HTTP against the real app: a real ONNX model in two versions, traffic routed by key through the split
/// the test puts live, feedback labels through the API, the verdict once each arm reaches its minimum, stop, roles.
/// </summary>
public sealed class AbTestApiTests(DeploymentFixture fixture) : IClassFixture<DeploymentFixture>, IAsyncLifetime
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(ScorerTests.DataPath("tiny_logistic_expected.json"))).RootElement.GetProperty("cases");

    private readonly DeploymentScenario s = new(fixture.App);

    private readonly string model = $"ab{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        // The scenario's users; the model gets the committed ONNX model's features.
        await s.StartAsync();
        var created = await s.Engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "income_k", type = "numeric" }, new { name = "debt_ratio", type = "numeric" }, new { name = "age", type = "numeric" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await RegisterOnnxAsync("1.0.0");
        await Stage("1.0.0");
        var request = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "baseline" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await s.Approver.PostAsJsonAsync($"/api/v1/promotions/{requestId}/approve", new { reason = "checked" })).StatusCode);
        await RegisterOnnxAsync("1.1.0");
        await Stage("1.1.0");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Routed_labelled_traffic_reaches_a_significant_winner_that_agrees_with_the_statistics()
    {
        var created = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{model}/abtests", new { versionA = "1.0.0", versionB = "1.1.0", percentB = 50, metric = "accuracy", minSamplesPerArm = 30, alpha = 0.05 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 50, ["1.1.0"] = 50 }, DeploymentScenario.Split(await StateAsync()));

        // Every key lands on one version by the consistent hash; A's labels agree 60 % of the time, B's always.
        var served = new Dictionary<string, int> { ["1.0.0"] = 0, ["1.1.0"] = 0 };
        var correct = new Dictionary<string, int> { ["1.0.0"] = 0, ["1.1.0"] = 0 };
        for (var i = 0; served.Values.Min() < 40; i++)
        {
            Assert.True(i < 400, "the split sent no traffic to one arm");
            var key = $"customer-{i}";
            var response = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features = Cases[i % Cases.GetArrayLength()].GetProperty("features"), routingKey = key });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var prediction = await response.Content.ReadFromJsonAsync<JsonElement>();
            var version = prediction.GetProperty("version").GetString()!;
            var again = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features = Cases[0].GetProperty("features"), routingKey = key });
            Assert.Equal(version, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString());
            if (served[version] >= 40)
            {
                continue;
            }

            var predicted = prediction.GetProperty("prediction").GetDouble();
            var right = version == "1.1.0" || served[version] % 5 < 3;
            var label = right ? predicted : 1 - predicted;
            var feedback = await s.Engineer.PostAsJsonAsync($"/api/v1/predictions/{prediction.GetProperty("predictionId").GetGuid()}/feedback", new { label });
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            served[version]++;
            correct[version] += right ? 1 : 0;
        }

        var view = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/abtests/{id}");
        var arms = view.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("version").GetString()!);
        Assert.Equal(40, arms["1.0.0"].GetProperty("samples").GetInt64());
        Assert.Equal(correct["1.0.0"], arms["1.0.0"].GetProperty("successes").GetInt64());
        Assert.Equal(40, arms["1.1.0"].GetProperty("samples").GetInt64());
        Assert.Equal(40, arms["1.1.0"].GetProperty("successes").GetInt64());
        var expected = ProportionTest.Compare(correct["1.0.0"], 40, 40, 40, 0.05);
        Assert.Equal("WinnerB", view.GetProperty("status").GetString());
        Assert.Equal("1.1.0", view.GetProperty("winner").GetString());
        Assert.Equal(expected.Difference, view.GetProperty("difference").GetDouble(), 12);
        Assert.Equal(expected.PValue, view.GetProperty("pValue").GetDouble(), 12);
        Assert.Equal(expected.CiLow, view.GetProperty("ciLow").GetDouble(), 12);
        Assert.Equal(expected.CiHigh, view.GetProperty("ciHigh").GetDouble(), 12);
        Assert.Equal("Accuracy", view.GetProperty("metric").GetString());

        // Viewers read but cannot stop; an engineer stops and the split goes back.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsJsonAsync($"/api/v1/abtests/{id}/stop", new { })).StatusCode);
        var stopped = await s.Engineer.PostAsJsonAsync($"/api/v1/abtests/{id}/stop", new { reason = "decided" });
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.False((await stopped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("running").GetBoolean());
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(await StateAsync()));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Engineer.PostAsync($"/api/v1/abtests/{id}/stop", null)).StatusCode);
        var list = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/abtests");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(1, (await s.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=abtest.stopped&entityId={id}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"versionB\":\"1.1.0\",\"percentB\":20,\"metric\":\"accuracy\"}", "versionA")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"2.0.0\",\"percentB\":20,\"metric\":\"accuracy\"}", "versionB")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"1.1.0\",\"percentB\":150,\"metric\":\"accuracy\"}", "percentB")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"1.1.0\",\"percentB\":70,\"metric\":\"accuracy\"}", "percentB")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"1.1.0\",\"percentB\":20,\"metric\":\"auc\"}", "metric")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"1.1.0\",\"percentB\":20,\"metric\":\"accuracy\",\"alpha\":2}", "alpha")]
    [InlineData("{\"versionA\":\"1.0.0\",\"versionB\":\"1.1.0\",\"percentB\":20,\"metric\":\"accuracy\",\"minSamplesPerArm\":0}", "minSamplesPerArm")]
    public async Task Bad_input_is_a_400_naming_the_field_and_starts_nothing(string body, string field)
    {
        var response = await s.Engineer.PostAsync($"/api/v1/models/{model}/abtests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await DeploymentScenario.ProblemAsync(response), StringComparison.Ordinal);
        Assert.Empty((await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/abtests")).EnumerateArray());
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(await StateAsync()));
    }

    [Fact]
    public async Task Viewers_cannot_start_a_test_and_unknown_tests_are_404()
    {
        var viewer = await s.Viewer.PostAsJsonAsync($"/api/v1/models/{model}/abtests", new { versionA = "1.0.0", versionB = "1.1.0", percentB = 20, metric = "accuracy" });
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync($"/api/v1/abtests/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task<JsonElement> StateAsync() => await s.Engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/deployment");

    private async Task RegisterOnnxAsync(string version)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new { version, hyperparameters = new Dictionary<string, string> { ["onnx.input"] = "features", ["onnx.output"] = "probability" } })), "metadata");
        form.Add(new ByteArrayContent(File.ReadAllBytes(ScorerTests.DataPath("tiny_logistic.onnx"))), "artifact", "model.onnx");
        var registered = await s.Engineer.PostAsync($"/api/v1/models/{model}/versions", form);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
    }

    private async Task Stage(string version) =>
        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/{version}/stage", new { stage = "Staging" })).StatusCode);
}
