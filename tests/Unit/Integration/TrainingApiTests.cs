using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// Retraining through the real app: the jobs API, the real Hangfire server (in-memory storage) running
/// <see cref="RetrainingJob"/>, ML.NET training on small seeded datasets, and the registry, approvals and audit it writes.
/// </summary>
public sealed class TrainingApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private HttpClient viewer = default!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"eng{suffix}@it.test", "Engineer");
        viewer = await app.UserAsync($"view{suffix}@it.test", "Viewer");
    }

    public Task DisposeAsync()
    {
        engineer.Dispose();
        viewer.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_retrain_goes_enqueued_to_succeeded_and_registers_a_version_with_lineage_metrics_and_a_staging_request()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: 0.6);
        var parent = await TrainingSetup.RegisterPlaceholderAsync(engineer, model, "1.0.0");
        var (datasetVersion, datasetSha) = await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(1500, 3));

        var launched = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/retrain", new { datasetVersion, trials = 3, seed = 5 });
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        var jobId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        Assert.Equal($"/api/v1/jobs/{jobId}", launched.Headers.Location?.OriginalString);

        var job = await TrainingSetup.WaitAsync(viewer, jobId, "succeeded");
        Assert.Equal(3, job.GetProperty("progress").GetProperty("trial").GetInt32());
        Assert.Equal(3, job.GetProperty("progress").GetProperty("of").GetInt32());
        Assert.Equal(100, job.GetProperty("progress").GetProperty("percent").GetDouble());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var trials = job.GetProperty("trialResults").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], trials.Select(t => t.GetProperty("number").GetInt32()));
        Assert.All(trials, t => Assert.True(t.GetProperty("hyperparameters").TryGetProperty("numberOfTrees", out _)));
        var best = trials.MaxBy(t => t.GetProperty("score").GetDouble());
        Assert.Equal(best.GetProperty("score").GetDouble(), job.GetProperty("progress").GetProperty("bestScore").GetDouble());

        var versionName = job.GetProperty("version").GetString();
        Assert.Equal("1.1.0", versionName);
        var version = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/{versionName}");
        Assert.Equal(parent, version.GetProperty("parentVersion").GetString());
        Assert.Equal(datasetVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), version.GetProperty("datasetVersion").GetString());
        Assert.Equal(datasetSha, version.GetProperty("datasetHash").GetString());
        Assert.Equal(jobId.ToString(), version.GetProperty("trainingRun").GetString());
        Assert.Equal(best.GetProperty("metrics").GetProperty("auc").GetDouble(), version.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("FastTree", version.GetProperty("hyperparameters").GetProperty("trainer").GetString());
        Assert.Equal(
            best.GetProperty("hyperparameters").GetProperty("numberOfTrees").GetInt32(),
            version.GetProperty("hyperparameters").GetProperty("numberOfTrees").GetInt32());
        Assert.Contains("3 trial(s)", version.GetProperty("notes").GetString(), StringComparison.Ordinal);

        // The gate (auc ≥ 0.6) passed: a request to Staging, filed as the launching engineer, never a promotion.
        Assert.Equal("None", version.GetProperty("stage").GetString());
        var request = await TrainingSetup.PromotionRequestAsync(viewer, model);
        Assert.Equal("1.1.0", request.GetProperty("version").GetString());
        Assert.Equal("Staging", request.GetProperty("targetStage").GetString());
        Assert.Equal("Pending", request.GetProperty("status").GetString());
        Assert.StartsWith("eng", request.GetProperty("requestedBy").GetString(), StringComparison.Ordinal);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=training&entityId={jobId}&pageSize=50");
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("training.launched", actions);
        Assert.Contains("training.started", actions);
        Assert.Contains("training.succeeded", actions);
    }

    [Fact]
    public async Task The_same_dataset_space_and_seed_give_the_same_metrics_and_another_seed_does_not()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        var (datasetVersion, _) = await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(1200, 4));

        async Task<JsonElement> RunAsync(int seed)
        {
            var launched = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/retrain", new { datasetVersion, trials = 2, seed, trainer = "lightgbm" });
            var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
            var job = await TrainingSetup.WaitAsync(viewer, id, "succeeded");
            return await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/{job.GetProperty("version").GetString()}");
        }

        var first = await RunAsync(9);
        var second = await RunAsync(9);
        var other = await RunAsync(10);

        Assert.Equal(first.GetProperty("metrics").GetRawText(), second.GetProperty("metrics").GetRawText());
        Assert.Equal(first.GetProperty("hyperparameters").GetRawText(), second.GetProperty("hyperparameters").GetRawText());
        Assert.NotEqual(first.GetProperty("metrics").GetRawText(), other.GetProperty("metrics").GetRawText());
    }

    [Fact]
    public async Task Cancel_stops_a_processing_run_between_trials_and_registers_nothing()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: 0.5);
        var (datasetVersion, _) = await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(2000, 5));
        var launched = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/retrain", new { datasetVersion, trials = 200, seed = 1 });
        var jobId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        await TrainingSetup.WaitAsync(viewer, jobId, "processing", j => j.GetProperty("progress").GetProperty("trial").GetInt32() >= 1);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/jobs/{jobId}/cancel", null)).StatusCode);
        var cancel = await engineer.PostAsync($"/api/v1/jobs/{jobId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True((await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelRequested").GetBoolean());

        var job = await TrainingSetup.WaitAsync(viewer, jobId, "cancelled");
        Assert.True(job.GetProperty("progress").GetProperty("trial").GetInt32() < 200);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("version").ValueKind);
        var versions = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions");
        Assert.Equal(0, versions.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await engineer.PostAsync($"/api/v1/jobs/{jobId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_launches_are_refused_with_the_field_named_and_nothing_queued()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        var (datasetVersion, _) = await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(300, 6));

        async Task<string> RefusedAsync(HttpClient client, object body, HttpStatusCode status, string name = "")
        {
            var response = await client.PostAsJsonAsync($"/api/v1/models/{(name.Length > 0 ? name : model)}/retrain", body);
            Assert.Equal(status, response.StatusCode);
            return status == HttpStatusCode.Forbidden ? "" : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        }

        Assert.Contains("trials", await RefusedAsync(engineer, new { datasetVersion, trials = 0, seed = 1 }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("trials", await RefusedAsync(engineer, new { datasetVersion, trials = 201, seed = 1 }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("trials", await RefusedAsync(engineer, new { datasetVersion, seed = 1 }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("trainer", await RefusedAsync(engineer, new { datasetVersion, trials = 2, seed = 1, trainer = "randomized_pca" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("trainer", await RefusedAsync(engineer, new { datasetVersion, trials = 2, seed = 1, trainer = "xgboost" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("method", await RefusedAsync(engineer, new { datasetVersion, trials = 2, seed = 1, method = "grid" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("datasetVersion", await RefusedAsync(engineer, new { datasetVersion = 99, trials = 2, seed = 1 }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await RefusedAsync(engineer, new { datasetVersion, trials = 2, seed = 1 }, HttpStatusCode.NotFound, name: "no-such-model");
        await RefusedAsync(viewer, new { datasetVersion, trials = 2, seed = 1 }, HttpStatusCode.Forbidden);

        var jobs = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?model={model}");
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/v1/jobs?state=sleeping")).StatusCode);
    }

    [Fact]
    public async Task Jobs_list_pages_newest_first_and_filters_by_model_and_state()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        var (datasetVersion, _) = await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(400, 7));
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var launched = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/retrain", new { datasetVersion, trials = 1, seed = i });
            ids.Add((await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid());
        }

        foreach (var id in ids)
        {
            await TrainingSetup.WaitAsync(viewer, id, "succeeded");
        }

        var page = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?model={model}&page=1&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("lastPage").GetInt32());
        Assert.Equal([ids[2], ids[1]], page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetGuid()));
        var succeeded = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?model={model}&state=succeeded");
        Assert.Equal(3, succeeded.GetProperty("total").GetInt32());
        var failed = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?model={model}&state=failed");
        Assert.Equal(0, failed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_schedule_is_stored_audited_and_registered_as_a_recurring_job_and_a_bad_cron_is_refused()
    {
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(300, 8));

        Assert.Equal(HttpStatusCode.NoContent, (await viewer.GetAsync($"/api/v1/models/{model}/retrain-schedule")).StatusCode);
        var bad = await engineer.PutAsJsonAsync($"/api/v1/models/{model}/retrain-schedule", new { cron = "every tuesday", trials = 3, seed = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cron", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/v1/models/{model}/retrain-schedule", new { cron = "0 3 * * 1", trials = 3, seed = 1 })).StatusCode);

        var set = await engineer.PutAsJsonAsync($"/api/v1/models/{model}/retrain-schedule", new { cron = "0 3 * * 1", trials = 3, seed = 1 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var schedule = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/retrain-schedule");
        Assert.Equal("0 3 * * 1", schedule.GetProperty("cron").GetString());
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("datasetVersion").ValueKind);
        Assert.Equal(3, schedule.GetProperty("trials").GetInt32());

        var storage = app.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            var recurring = Assert.Single(connection.GetRecurringJobs(), r => r.Id == HangfireTrainingQueue.RecurringId(model));
            Assert.Equal("0 3 * * 1", recurring.Cron);
        }

        // Firing it (as Hangfire would) launches a run with the newest dataset as the person who set the schedule.
        var fired = await app.Services.GetRequiredService<TrainingService>().LaunchScheduledAsync(model, CancellationToken.None);
        Assert.NotNull(fired);
        Assert.Equal("schedule", fired.Trigger);
        Assert.Equal(1, fired.DatasetVersion);
        await TrainingSetup.WaitAsync(viewer, fired.JobId, "succeeded");

        Assert.Equal(HttpStatusCode.NoContent, (await engineer.PutAsJsonAsync($"/api/v1/models/{model}/retrain-schedule", new { cron = "" })).StatusCode);
        using (var connection = storage.GetConnection())
        {
            Assert.DoesNotContain(connection.GetRecurringJobs(), r => r.Id == HangfireTrainingQueue.RecurringId(model));
        }

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=model&entityId={model}&pageSize=50");
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("training.schedule_set", actions);
        Assert.Contains("training.schedule_removed", actions);
    }

    [Fact]
    public async Task Hangfire_dashboard_is_for_admins_only()
    {
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);

        Assert.Contains((await anonymous.GetAsync("/hangfire")).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found });
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("/hangfire/jobs/succeeded")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}

/// <summary>Models, dataset versions and waiting, shared by the training tests (until dataset upload is an API).</summary>
internal static class TrainingSetup
{
    public static async Task<string> CreditModelAsync(HttpClient engineer, double? gate)
    {
        var name = $"credit-{Guid.NewGuid():N}"[..16];
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name,
            task = "binary_classification",
            features = new[]
            {
                new { name = "income", type = "numeric" }, new { name = "debt_ratio", type = "numeric" }, new { name = "age", type = "numeric" },
                new { name = "open_accounts", type = "numeric" }, new { name = "region", type = "categorical" },
            },
            metricGate = gate is { } g ? new { metric = "auc", threshold = g } : null,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    /// <summary>A version that is not a real model, only a lineage parent.</summary>
    public static async Task<string> RegisterPlaceholderAsync(HttpClient engineer, string model, string version)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { version })), "metadata" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"placeholder {model} {version}")), "artifact", "model.zip" },
        };
        var response = await engineer.PostAsync($"/api/v1/models/{model}/versions", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return version;
    }

    /// <summary>Stores the CSV in the artifact store and adds the next dataset version row, as dataset upload does.</summary>
    public static async Task<(int Version, string Sha256)> AddDatasetAsync(IServiceProvider services, string model, TabularDataset data)
    {
        var stored = await services.GetRequiredService<IArtifactStore>().PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(data.ToCsv())), CancellationToken.None);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var modelId = await db.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        var version = (await db.Datasets.Where(d => d.ModelId == modelId).MaxAsync(d => (int?)d.Version) ?? 0) + 1;
        db.Datasets.Add(new Dataset
        {
            ModelId = modelId,
            ModelName = model,
            Version = version,
            Sha256 = stored.Sha256,
            SizeBytes = stored.SizeBytes,
            FileName = $"{model}-{version}.csv",
            RowCount = data.Rows,
            Source = "test",
            CreatedBy = "test",
            CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return (version, stored.Sha256);
    }

    public static Task<(int Version, string Sha256)> AddDatasetAsync(PortalApp app, string model, TabularDataset data) => AddDatasetAsync(app.Services, model, data);

    /// <summary>The model's one promotion request, which the job files right after the run succeeded.</summary>
    public static async Task<JsonElement> PromotionRequestAsync(HttpClient client, string model)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var requests = await client.GetFromJsonAsync<JsonElement>($"/api/v1/promotions?model={model}");
            if (requests.GetProperty("total").GetInt32() > 0)
            {
                return Assert.Single(requests.GetProperty("items").EnumerateArray());
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No promotion request for {model} was filed.");
        return default;
    }

    /// <summary>Polls the job until it is in <paramref name="state"/> (and <paramref name="also"/> holds); fails on another final state.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid jobId, string state, Func<JsonElement, bool>? also = null, int minutes = 3)
    {
        var deadline = DateTime.UtcNow.AddMinutes(minutes);
        JsonElement job = default;
        while (DateTime.UtcNow < deadline)
        {
            job = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
            var now = job.GetProperty("state").GetString();
            if (now == state && (also is null || also(job)))
            {
                return job;
            }

            if (now != state && now is "succeeded" or "failed" or "cancelled")
            {
                Assert.Fail($"Job {jobId} ended {now} while waiting for {state}: {job}");
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Job {jobId} did not reach {state} in {minutes} min: {job}");
        return job;
    }
}
