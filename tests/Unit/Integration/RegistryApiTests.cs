using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

public sealed class RegistryApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private HttpClient approver = default!;
    private HttpClient viewer = default!;
    private readonly string model = $"m{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"eng{suffix}@it.test", "Engineer");
        approver = await app.UserAsync($"app{suffix}@it.test", "Approver");
        viewer = await app.UserAsync($"view{suffix}@it.test", "Viewer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            description = "it",
            features = new[] { new { name = "tenure", type = "numeric" }, new { name = "plan", type = "categorical" } },
            metricGate = new { metric = "auc", threshold = 0.85 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Login_returns_a_bearer_token_and_wrong_password_is_401_problem()
    {
        using var client = app.CreateClient();
        var ok = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PortalApp.AdminEmail, password = PortalApp.Password });
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);

        var bad = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PortalApp.AdminEmail, password = "nope-nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Account_locks_after_repeated_failures()
    {
        var email = $"lock{Guid.NewGuid():N}"[..10] + "@it.test";
        (await app.UserAsync(email, "Viewer")).Dispose();
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });
        }

        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_download_and_promotion_flow_over_http()
    {
        var upload = await UploadAsync("1.0.0", "artifact-bytes"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var version = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(64, version.GetProperty("sha256").GetString()!.Length);

        var download = await viewer.GetAsync($"/api/v1/models/{model}/versions/1.0.0/artifact");
        Assert.Equal("artifact-bytes", await download.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging" })).StatusCode);
        var request = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "good" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var pending = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/promotions?status=pending&model={model}");
        Assert.Equal(1, pending.GetProperty("total").GetInt32());
        Assert.Equal("Pending", pending.GetProperty("items")[0].GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "x" })).StatusCode);
        var approved = await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "metrics hold" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var after = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0");
        Assert.Equal("Production", after.GetProperty("stage").GetString());
        var audit = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=promotion&entityId={id}");
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Two_simultaneous_decisions_one_wins_the_other_gets_409()
    {
        await UploadAsync("1.0.0", [1, 2, 3]);
        await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging" });
        var request = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "race" });
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var approver2 = await app.UserAsync($"app2{Guid.NewGuid():N}"[..10] + "@it.test", "Approver");

        var responses = await Task.WhenAll(
            approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "a" }),
            approver2.PostAsJsonAsync($"/api/v1/promotions/{id}/reject", new { reason = "b" }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_changes_nothing()
    {
        await UploadAsync("1.0.0", [1]);
        await AssertProblem(HttpStatusCode.NotFound, await viewer.GetAsync("/api/v1/models/unknown-model"));
        await AssertProblem(HttpStatusCode.Conflict, await UploadAsync("1.0.0", [2]));
        await AssertProblem(HttpStatusCode.BadRequest, await UploadAsync("1.0", [2]));
        await AssertProblem(HttpStatusCode.BadRequest, await UploadAsync("2.0.0", []));
        await AssertProblem(HttpStatusCode.BadRequest, await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Live" }));
        await AssertProblem(HttpStatusCode.BadRequest, await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "skip staging" }));
        await AssertProblem(HttpStatusCode.BadRequest, await engineer.PostAsJsonAsync("/api/v1/models", new { name = "x y", task = "regression" }));
        await AssertProblem(HttpStatusCode.BadRequest, await engineer.PostAsJsonAsync("/api/v1/models", new { name = "ok-name", task = "clustering" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/models", new { name = "v-model", task = "regression" })).StatusCode);

        var versions = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions");
        Assert.Equal(1, versions.GetProperty("total").GetInt32());
        Assert.Equal("None", versions.GetProperty("items")[0].GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Tampered_artifact_download_is_an_error_not_bytes()
    {
        var upload = await UploadAsync("1.0.0", "original"u8.ToArray());
        var sha = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(app.DataDirectory, "artifacts", sha[..2], sha), "tampered");

        var response = await viewer.GetAsync($"/api/v1/models/{model}/versions/1.0.0/artifact");

        await AssertProblem(HttpStatusCode.Conflict, response);
        var version = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0");
        Assert.False(version.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Versions_list_is_paged_on_the_server_with_page_pageSize_and_total()
    {
        foreach (var v in new[] { "1.0.0", "1.1.0", "1.2.0", "1.10.0", "2.0.0" })
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(v, [1, (byte)v.Length])).StatusCode);
        }

        var second = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions?page=2&pageSize=2");
        var past = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions?page=9&pageSize=2");

        Assert.Equal((5, 2, 2, 3), (second.GetProperty("total").GetInt32(), second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32(), second.GetProperty("lastPage").GetInt32()));
        Assert.Equal(["1.2.0", "1.1.0"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("version").GetString()));
        Assert.Equal((5, 0), (past.GetProperty("total").GetInt32(), past.GetProperty("items").GetArrayLength()));
    }

    private async Task<HttpResponseMessage> UploadAsync(string version, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "model.zip");
        form.Add(new StringContent(JsonSerializer.Serialize(new { version, metrics = new { auc = 0.9 }, hyperparameters = new { trees = "10" }, notes = "it" })), "metadata");
        return await engineer.PostAsync($"/api/v1/models/{model}/versions", form);
    }

    private static async Task AssertProblem(HttpStatusCode expected, HttpResponseMessage response)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
