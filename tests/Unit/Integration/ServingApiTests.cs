using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Portal.Serving;
using ModelLifecycle.Tests.Unit.Serving;
using ModelLifecycle.Tests.Unit.Training;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>One app for the serving tests, with a fault injected into one version of the model "faulty".</summary>
public sealed class ServingFixture : IAsyncLifetime
{
    public PortalApp App { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Portal:Serving:FaultInjection:faulty:1.0.0:ErrorRate"] = "1",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The prediction API over HTTP against the real app: routed predict and batch, shadow scoring, input refusals, the
/// committed ONNX model's outputs, tampered artifacts, the model cache, feedback and the Scorer role. The live split is
/// written straight into the ModelServing row (the deployment API is another part's), then announced as the
/// deployment engine does.
/// </summary>
public sealed class ServingApiTests(ServingFixture fixture) : IClassFixture<ServingFixture>, IAsyncLifetime
{
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(ScorerTests.DataPath("tiny_logistic_expected.json"))).RootElement;
    private readonly PortalApp app = fixture.App;
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];
    private HttpClient engineer = null!;

    public async Task InitializeAsync() => engineer = await app.UserAsync($"eng{suffix}@it.test", "Engineer");

    public Task DisposeAsync()
    {
        engineer.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Predict_returns_the_committed_onnx_outputs_and_the_same_key_reaches_the_same_version()
    {
        var model = await DeployedModelAsync(("1.0.0", 900), ("1.1.0", 100));
        var router = new TrafficRouter(TrafficAllocation.FromStored([new("1.0.0", TrafficPercent.FromTenths(900)), new("1.1.0", TrafficPercent.FromTenths(100))]), "1.0.0");

        foreach (var c in Expected.GetProperty("cases").EnumerateArray())
        {
            var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features = c.GetProperty("features"), routingKey = "customer-1" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(c.GetProperty("probability").GetDouble(), body.GetProperty("score").GetDouble(), 6);
            Assert.Equal(c.GetProperty("prediction").GetDouble(), body.GetProperty("prediction").GetDouble());
            Assert.Equal(router.RouteKey("customer-1"), body.GetProperty("version").GetString());
            Assert.True(body.GetProperty("latencyMs").GetDouble() >= 0);
            Assert.NotEqual(Guid.Empty, body.GetProperty("predictionId").GetGuid());
        }

        // Keys spread over both versions exactly as the router lays them out, and a key keeps its version.
        var versions = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            var key = $"user-{i}";
            var first = await PredictAsync(model, key);
            var again = await PredictAsync(model, key);
            Assert.Equal(router.RouteKey(key), first.GetProperty("version").GetString());
            Assert.Equal(first.GetProperty("version").GetString(), again.GetProperty("version").GetString());
            versions.Add(first.GetProperty("version").GetString()!);
        }

        Assert.Equal(["1.0.0", "1.1.0"], versions.Order());
    }

    [Fact]
    public async Task Batch_routes_each_row_by_its_key_and_logs_every_row()
    {
        var model = await DeployedModelAsync(("1.0.0", 500), ("1.1.0", 500));
        var router = new TrafficRouter(TrafficAllocation.FromStored([new("1.0.0", TrafficPercent.FromTenths(500)), new("1.1.0", TrafficPercent.FromTenths(500))]), "1.0.0");
        var cases = Expected.GetProperty("cases").EnumerateArray().ToList();
        var rows = Enumerable.Range(0, 25).Select(i => new { features = cases[i % cases.Count].GetProperty("features"), routingKey = $"batch-{i}" }).ToList();

        var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(25, predictions.Count);
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(router.RouteKey($"batch-{i}"), predictions[i].GetProperty("version").GetString());
            Assert.Equal(cases[i % cases.Count].GetProperty("probability").GetDouble(), predictions[i].GetProperty("score").GetDouble(), 6);
            Assert.False(predictions[i].TryGetProperty("error", out _));
        }

        var logged = await LoggedAsync(model);
        Assert.Equal(25, logged.Count);
        Assert.All(logged, r => Assert.True(r.Succeeded));
        var first = logged.Single(r => r.Id == predictions[0].GetProperty("predictionId").GetGuid());
        Assert.Equal("batch-0", first.RoutingKey);
        Assert.Equal(cases[0].GetProperty("features").GetProperty("age").GetDouble(), JsonDocument.Parse(first.Inputs).RootElement.GetProperty("age").GetDouble());
    }

    [Fact]
    public async Task Shadow_version_scores_a_copy_that_is_logged_but_never_returned()
    {
        var model = await DeployedModelAsync([("1.0.0", 1000)], shadows: ["1.1.0"]);
        for (var i = 0; i < 5; i++)
        {
            var body = await PredictAsync(model, $"s-{i}");
            Assert.Equal("1.0.0", body.GetProperty("version").GetString());
        }

        // Shadow copies run off the request path: wait until all five reached the log.
        var log = app.Services.GetRequiredService<IPredictionLog>();
        List<PredictionRecord> logged = [];
        for (var attempt = 0; attempt < 200 && logged.Count(r => r.Shadow) < 5; attempt++)
        {
            await Task.Delay(50);
            logged = await LoggedAsync(model);
        }

        Assert.Equal(5, logged.Count(r => !r.Shadow && r.Version == "1.0.0"));
        var shadows = logged.Where(r => r.Shadow).ToList();
        Assert.Equal(5, shadows.Count);
        Assert.All(shadows, s => Assert.Equal("1.1.0", s.Version));
        Assert.All(shadows, s => Assert.True(s.Succeeded));
        Assert.Equal(logged.Where(r => !r.Shadow).Select(r => r.RoutingKey).Order(), shadows.Select(r => r.RoutingKey).Order());
    }

    [Theory]
    [InlineData("""{"features":{"income_k":1,"debt_ratio":0.5}}""", "features.age is missing")]
    [InlineData("""{"features":{"income_k":1,"debt_ratio":0.5,"age":3,"zip":1}}""", "features.zip is not a feature")]
    [InlineData("""{"features":{"income_k":"NaN","debt_ratio":0.5,"age":3}}""", "features.income_k is numeric")]
    [InlineData("""{"features":{"income_k":"12","debt_ratio":0.5,"age":3}}""", "features.income_k is numeric")]
    [InlineData("""{"features":{"income_k":null,"debt_ratio":0.5,"age":3}}""", "features.income_k is null")]
    [InlineData("""{"routingKey":"k"}""", "features is required")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_logged(string json, string expected)
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        var response = await engineer.PostAsync($"/api/v1/models/{model}/predict", new StringContent(json, MediaTypeHeaderValue.Parse("application/json")));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);

        var good = Expected.GetProperty("cases")[0].GetProperty("features");
        object bad = JsonDocument.Parse(json).RootElement.TryGetProperty("features", out var f) ? new { features = f } : new { routingKey = "k" };
        var batch = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows = new object[] { new { features = good }, new { features = good }, bad } });
        await AssertProblemAsync(batch, HttpStatusCode.BadRequest, "rows[2]." + expected);

        Assert.Empty(await LoggedAsync(model));
    }

    [Fact]
    public async Task Batch_over_1000_rows_is_refused()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        var features = Expected.GetProperty("cases")[0].GetProperty("features");
        var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows = Enumerable.Repeat(new { features }, 1001) });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "rows: at most 1,000 rows");
        await AssertProblemAsync(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows = Array.Empty<object>() }), HttpStatusCode.BadRequest, "rows: at least one row");
        Assert.Empty(await LoggedAsync(model));
    }

    [Fact]
    public async Task Model_that_is_not_deployed_is_a_404_with_the_reason()
    {
        var model = await RegisteredModelAsync("1.0.0");
        var features = Expected.GetProperty("cases")[0].GetProperty("features");
        await AssertProblemAsync(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features }), HttpStatusCode.NotFound, "is not deployed");
        await AssertProblemAsync(await engineer.PostAsJsonAsync("/api/v1/models/no-such-model/predict", new { features }), HttpStatusCode.NotFound, "No model named 'no-such-model'");

        // Deploying it is picked up at once (the deployment engine's announcement drops the remembered "not deployed").
        await WriteSplitAsync(model, [("1.0.0", 1000)], []);
        Assert.Equal("1.0.0", (await PredictAsync(model, "k")).GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_split_changed_by_another_instance_is_picked_up_by_the_stamp_check()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000), ("1.1.0", 0));
        Assert.Equal("1.0.0", (await PredictAsync(model, "k")).GetProperty("version").GetString());

        // Written without an announcement, as another instance would: the periodic stamp comparison finds it.
        await WriteSplitAsync(model, [("1.0.0", 0), ("1.1.0", 1000)], [], announce: false);
        string? version = null;
        for (var attempt = 0; attempt < 100 && version != "1.1.0"; attempt++)
        {
            await Task.Delay(100);
            version = (await PredictAsync(model, "k")).GetProperty("version").GetString();
        }

        Assert.Equal("1.1.0", version);
    }

    [Fact]
    public async Task Tampered_artifact_is_refused_marked_unhealthy_and_the_request_served_by_the_stable_version()
    {
        var model = await RegisteredModelAsync("1.0.0");
        await RegisterAsync(model, "1.1.0", [.. File.ReadAllBytes(ScorerTests.DataPath("tiny_logistic.onnx")), .. "different bytes, another content address"u8.ToArray()]);
        var router = new TrafficRouter(TrafficAllocation.FromStored([new("1.0.0", TrafficPercent.FromTenths(500)), new("1.1.0", TrafficPercent.FromTenths(500))]), "1.0.0");
        var key = Enumerable.Range(0, 100).Select(i => $"t-{i}").First(k => router.RouteKey(k) == "1.1.0");

        // Tampered before the split names it: the preload that the new split triggers must already meet the bad file
        // (1.1.0's bytes are not a loadable model, so a load that won the race against the tampering would fail otherwise).
        var version = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.1.0");
        var path = Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "artifacts"), version.GetProperty("sha256").GetString()!, SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(path, "tampered");
        await WriteSplitAsync(model, [("1.0.0", 500), ("1.1.0", 500)], []);

        var served = await PredictAsync(model, key);
        Assert.Equal("1.0.0", served.GetProperty("version").GetString());

        var after = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.1.0");
        Assert.False(after.GetProperty("healthy").GetBoolean());
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "artifact.integrity_failed" && e.EntityId == $"{model}@1.1.0"));

        // The refused version is never served again: the same key keeps reaching the stable one without another load.
        Assert.Equal("1.0.0", (await PredictAsync(model, key)).GetProperty("version").GetString());
        var logged = await LoggedAsync(model);
        Assert.Equal(2, logged.Count);
        Assert.All(logged, r => Assert.Equal("1.0.0", r.Version));
    }

    [Fact]
    public async Task Scoring_failure_is_a_503_problem_and_logged_as_failed()
    {
        var model = await DeployedModelAsync("faulty", ("1.0.0", 1000));
        var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features = Expected.GetProperty("cases")[0].GetProperty("features"), routingKey = "f" });
        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "Injected fault");

        var logged = Assert.Single(await LoggedAsync(model));
        Assert.False(logged.Succeeded);
        Assert.Null(logged.Score);
        Assert.Contains("Injected fault", logged.Error);

        // In a batch the failed row carries its error and the others are unaffected.
        var batch = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows = new[] { new { features = Expected.GetProperty("cases")[0].GetProperty("features") } } });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var row = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
        Assert.Contains("Injected fault", row.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task Cache_stats_clear_and_preload()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        await PredictAsync(model, "c");
        await PredictAsync(model, "c");
        using var viewer = await app.UserAsync($"view{suffix}@it.test", "Viewer");

        var stats = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/cache/stats");
        Assert.True(stats.GetProperty("hits").GetInt64() >= 1);
        Assert.True(stats.GetProperty("loads").GetInt64() >= 1);
        Assert.True(stats.GetProperty("entries").GetInt32() >= 1);
        Assert.True(stats.GetProperty("bytes").GetInt64() > 0);
        Assert.True(stats.TryGetProperty("misses", out _));
        Assert.True(stats.TryGetProperty("evictions", out _));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/v1/cache/clear", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/v1/cache/preload", null)).StatusCode);

        var cleared = await engineer.PostAsync("/api/v1/cache/clear", null);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(0, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").GetInt32());

        var preloaded = await engineer.PostAsync("/api/v1/cache/preload", null);
        Assert.Equal(HttpStatusCode.OK, preloaded.StatusCode);
        var report = await preloaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(report.GetProperty("loaded").EnumerateArray(), v => v.GetProperty("model").GetString() == model && v.GetProperty("version").GetString() == "1.0.0");
        Assert.True(report.GetProperty("stats").GetProperty("entries").GetInt32() >= 1);

        var before = (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/cache/stats")).GetProperty("loads").GetInt64();
        await PredictAsync(model, "c");
        Assert.Equal(before, (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/cache/stats")).GetProperty("loads").GetInt64());
    }

    [Fact]
    public async Task Feedback_attaches_the_label_once()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        var id = (await PredictAsync(model, "fb")).GetProperty("predictionId").GetGuid();

        var attached = await engineer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = true });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal(1, (await attached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetDouble());
        var stored = (await LoggedAsync(model)).Single(r => r.Id == id);
        Assert.Equal(1, stored.Label);
        Assert.NotNull(stored.LabelledAt);

        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = 1 })).StatusCode);
        await AssertProblemAsync(await engineer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = false }), HttpStatusCode.Conflict, "already has the label 1");
        await AssertProblemAsync(await engineer.PostAsJsonAsync($"/api/v1/predictions/{Guid.NewGuid()}/feedback", new { label = true }), HttpStatusCode.NotFound, "No prediction");
        await AssertProblemAsync(await engineer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = "maybe" }), HttpStatusCode.BadRequest, "label");
        Assert.Equal(1, (await LoggedAsync(model)).Single(r => r.Id == id).Label);
    }

    [Fact]
    public async Task Scorer_key_may_predict_and_send_feedback_and_nothing_else()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        using var scorer = await app.KeyClientAsync(admin, "Scorer");
        var features = Expected.GetProperty("cases")[0].GetProperty("features");

        var predicted = await scorer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features, routingKey = "m" });
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var id = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictionId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await scorer.PostAsJsonAsync($"/api/v1/models/{model}/predict/batch", new { rows = new[] { new { features } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scorer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = 0 })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync($"/api/v1/models/{model}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync($"/api/v1/models/{model}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync("/api/v1/cache/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.PostAsJsonAsync("/api/v1/models", new { name = $"x{suffix}", task = "regression" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.PostAsync("/api/v1/cache/clear", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync("/api/v1/audit")).StatusCode);

        // Viewers read but may not predict; a Scorer user signed in is held to the same limits as the key.
        using var viewer = await app.UserAsync($"v{suffix}@it.test", "Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features })).StatusCode);
        using var scorerUser = await app.UserAsync($"s{suffix}@it.test", "Scorer");
        Assert.Equal(HttpStatusCode.OK, (await scorerUser.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorerUser.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task MlNet_zip_trained_by_the_portal_is_served_with_the_scores_of_its_own_scorer()
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1);
        var trained = await new RetrainingRun(TimeProvider.System).RunAsync(request);
        var model = $"mlnet-{suffix}";
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = request.Features.Select(f => new { name = f.Name, type = f.Type == FeatureType.Numeric ? "numeric" : "categorical" }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(JsonSerializer.Serialize(new { version = "1.0.0" })), "metadata");
            form.Add(new ByteArrayContent(trained.Artifact), "artifact", "model.zip");
            Assert.Equal(HttpStatusCode.Created, (await engineer.PostAsync($"/api/v1/models/{model}/versions", form)).StatusCode);
        }

        await WriteSplitAsync(model, [("1.0.0", 1000)], []);
        var reference = MlNetScorer.Load(new MemoryStream(trained.Artifact), "1.0.0", ModelTask.BinaryClassification, request.Features);
        var data = request.Data;
        for (var i = 0; i < 10; i++)
        {
            var features = new Dictionary<string, object>();
            foreach (var f in request.Features)
            {
                features[f.Name] = f.Type == FeatureType.Numeric ? data.Numeric[f.Name][i] : data.Categorical[f.Name][i];
            }

            var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var expected = reference.Score(ScorerTests.Row(request.Features, JsonSerializer.SerializeToElement(features)));
            Assert.Equal(expected.Score, body.GetProperty("score").GetDouble());
            Assert.Equal(expected.Prediction, body.GetProperty("prediction").GetDouble());
        }
    }

    [Fact]
    public async Task Two_different_labels_at_once_store_one_and_refuse_the_other()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        var id = (await PredictAsync(model, "race")).GetProperty("predictionId").GetGuid();
        await app.Services.GetRequiredService<IPredictionLog>().FlushAsync(CancellationToken.None);
        using var other = await app.UserAsync($"eng2{suffix}@it.test", "Engineer");

        var answers = await Task.WhenAll(
            engineer.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = true }),
            other.PostAsJsonAsync($"/api/v1/predictions/{id}/feedback", new { label = false }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var winner = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        var label = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetDouble();
        Assert.Equal(label, (await LoggedAsync(model)).Single(r => r.Id == id).Label);
    }

    [Fact]
    public async Task Predictions_and_cache_lookups_are_measured()
    {
        var model = await DeployedModelAsync(("1.0.0", 1000));
        var predictions = new System.Collections.Concurrent.ConcurrentBag<(string Instrument, string? Model)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServingMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? tagged = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "model")
                {
                    tagged = tag.Value as string;
                }
            }

            predictions.Add((instrument.Name, tagged));
        });
        listener.Start();

        await PredictAsync(model, "m1");
        await PredictAsync(model, "m2");

        Assert.Equal(2, predictions.Count(p => p.Instrument == "modellifecycle_predictions" && p.Model == model));
        Assert.Contains(predictions, p => p.Instrument == "modellifecycle_model_cache_hits");
    }

    private async Task<JsonElement> PredictAsync(string model, string key)
    {
        var index = Math.Abs(key.GetHashCode(StringComparison.Ordinal) % 5);
        var response = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { features = Expected.GetProperty("cases")[index].GetProperty("features"), routingKey = key });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> DeployedModelAsync(params (string Version, int Tenths)[] shares) => DeployedModelAsync(shares, []);

    private Task<string> DeployedModelAsync(string name, params (string Version, int Tenths)[] shares) => DeployedModelAsync(shares, [], name);

    private async Task<string> DeployedModelAsync((string Version, int Tenths)[] shares, string[] shadows, string? name = null)
    {
        var model = await RegisteredModelAsync([.. shares.Select(s => s.Version).Concat(shadows)], name);
        await WriteSplitAsync(model, shares, shadows);
        return model;
    }

    private async Task<string> RegisteredModelAsync(string version, string? name = null) => await RegisteredModelAsync([version], name);

    private async Task<string> RegisteredModelAsync(string[] versions, string? name = null)
    {
        var model = name ?? $"serve-{Guid.NewGuid():N}"[..14];
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "income_k", type = "numeric" }, new { name = "debt_ratio", type = "numeric" }, new { name = "age", type = "numeric" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var version in versions)
        {
            await RegisterAsync(model, version, File.ReadAllBytes(ScorerTests.DataPath("tiny_logistic.onnx")));
        }

        return model;
    }

    private async Task RegisterAsync(string model, string version, byte[] artifact)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new { version, hyperparameters = new Dictionary<string, string> { ["onnx.input"] = "features", ["onnx.output"] = "probability" } })), "metadata");
        form.Add(new ByteArrayContent(artifact), "artifact", "model.onnx");
        var registered = await engineer.PostAsync($"/api/v1/models/{model}/versions", form);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
    }

    private async Task WriteSplitAsync(string model, (string Version, int Tenths)[] shares, string[] shadows, bool announce = true)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var id = await db.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        var row = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == id);
        if (row is null)
        {
            row = new ModelServing { ModelId = id, ModelName = model, UpdatedBy = "test" };
            db.ModelServing.Add(row);
        }

        row.StableVersion = shares[0].Version;
        row.Shares = [.. shares.Select(s => new StoredShare(s.Version, s.Tenths))];
        row.ShadowVersions = [.. shadows];
        row.UpdatedAt = DateTime.UtcNow;
        row.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync();
        if (announce)
        {
            app.Services.GetRequiredService<ServingChanges>().Notify(id);
        }
    }

    private async Task<List<PredictionRecord>> LoggedAsync(string model)
    {
        await app.Services.GetRequiredService<IPredictionLog>().FlushAsync(CancellationToken.None);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Predictions.AsNoTracking().Where(p => p.ModelName == model).ToListAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
    }
}
