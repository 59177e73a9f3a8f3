using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Approvals over HTTP against the real app: live evidence, auto-cancel, the request race, integrity at approval.</summary>
public sealed class ApprovalApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private HttpClient approver = default!;
    private HttpClient admin = default!;
    private readonly string model = $"a{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"aeng{suffix}@it.test", "Engineer");
        approver = await app.UserAsync($"aapp{suffix}@it.test", "Approver");
        admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "x", type = "numeric" }, new { name = "y", type = "numeric" } },
            metricGate = new { metric = "auc", threshold = 0.85 },
        });
        created.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Twenty_parallel_requests_for_one_version_leave_exactly_one_pending_and_the_others_get_409()
    {
        await StagedAsync("1.0.0");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = $"race {i}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var pending = await approver.GetFromJsonAsync<JsonElement>($"/api/v1/promotions?status=pending&model={model}");
        Assert.Equal(1, pending.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Drift_found_after_filing_appears_in_the_live_checklist_and_blocks_approval_once_an_admin_makes_it_blocking()
    {
        await StagedAsync("1.0.0");
        var id = await RequestAsync("1.0.0");
        var drift = await engineer.PostAsync($"/api/v1/models/{model}/drift", new MultipartFormDataContent
        {
            { new StringContent(Window(800, 1, 0)), "reference", "reference.csv" },
            { new StringContent(Window(600, 2, 3)), "current", "current.csv" },
        });
        Assert.Equal(HttpStatusCode.Created, drift.StatusCode);

        var opened = await approver.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{id}", PortalApp.JsonOptions);
        var driftCheck = DriftCheck(opened);
        Assert.True(driftCheck.GetProperty("changed").GetBoolean());
        Assert.Equal("NotApplicable", driftCheck.GetProperty("filed").GetProperty("outcome").GetString());
        Assert.Equal("Failed", driftCheck.GetProperty("now").GetProperty("outcome").GetString());
        Assert.True(opened.GetProperty("canApprove").GetProperty("allowed").GetBoolean());

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.PutAsJsonAsync($"/api/v1/models/{model}/approval-policy", new { metricGateBlocking = false, criticalDriftBlocking = true })).StatusCode);
        var missing = await admin.PutAsJsonAsync($"/api/v1/models/{model}/approval-policy", new { metricGateBlocking = false });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("criticalDriftBlocking", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var set = await admin.PutAsJsonAsync($"/api/v1/models/{model}/approval-policy", new { metricGateBlocking = false, criticalDriftBlocking = true });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await AuditAsync("model.approval_policy_changed", model)).GetProperty("total").GetInt32());

        var reopened = await approver.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{id}", PortalApp.JsonOptions);
        Assert.False(reopened.GetProperty("canApprove").GetProperty("allowed").GetBoolean());
        Assert.Contains("Latest drift report", reopened.GetProperty("canApprove").GetProperty("reason").GetString(), StringComparison.Ordinal);

        var approve = await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "ship it" });
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("Latest drift report", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Staging", (await VersionAsync("1.0.0")).GetProperty("stage").GetString());
        Assert.Equal("Pending", (await approver.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{id}")).GetProperty("request").GetProperty("status").GetString());
        Assert.Equal(0, (await AuditAsync("promotion.approved", id)).GetProperty("total").GetInt32());

        // Rejecting stays possible, and the decision keeps the checklist as it was evaluated then.
        var rejected = await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/reject", new { reason = "drifted" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var decided = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(decided.GetProperty("decisionChecklist").EnumerateArray(), c => c.GetProperty("name").GetString() == "Latest drift report" && c.GetProperty("outcome").GetString() == "Failed");
    }

    [Fact]
    public async Task Moving_the_version_directly_cancels_its_pending_request_with_an_audit_event()
    {
        await StagedAsync("1.0.0");
        var id = await RequestAsync("1.0.0");

        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Archived", reason = "superseded" })).StatusCode);

        var detail = await approver.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{id}");
        Assert.Equal("Cancelled", detail.GetProperty("request").GetProperty("status").GetString());
        Assert.True(detail.GetProperty("versionMoved").GetBoolean());
        Assert.Equal("Archived", detail.GetProperty("currentStage").GetString());
        Assert.False(detail.GetProperty("canDecide").GetProperty("allowed").GetBoolean());
        Assert.Equal(1, (await AuditAsync("promotion.cancelled", id)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "late" })).StatusCode);

        // The cancelled request no longer holds the version's one pending slot.
        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging", reason = "again" })).StatusCode);
        await RequestAsync("1.0.0");
    }

    [Fact]
    public async Task Approving_a_tampered_artifact_answers_integrity_marks_the_version_unhealthy_and_keeps_the_audit_event()
    {
        var sha = await StagedAsync("1.0.0");
        var id = await RequestAsync("1.0.0");
        await File.WriteAllTextAsync(Path.Combine(app.DataDirectory, "artifacts", sha[..2], sha), "tampered");

        var approve = await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "looks fine" });

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        var problem = await approve.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Artifact integrity check failed", problem.GetProperty("title").GetString());
        var version = await VersionAsync("1.0.0");
        Assert.False(version.GetProperty("healthy").GetBoolean());
        Assert.Equal("Staging", version.GetProperty("stage").GetString());
        Assert.Equal(1, (await AuditAsync("artifact.integrity_failed", $"{model}@1.0.0")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await AuditAsync("promotion.approved", id)).GetProperty("total").GetInt32());
    }

    private static JsonElement DriftCheck(JsonElement detail) =>
        detail.GetProperty("liveChecklist").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Latest drift report");

    private async Task<JsonElement> AuditAsync(string action, string entityId) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action={action}&entityId={Uri.EscapeDataString(entityId)}");

    private async Task<JsonElement> VersionAsync(string version) =>
        await approver.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/{version}");

    /// <summary>Uploads a version and moves it to Staging; returns its SHA-256.</summary>
    private async Task<string> StagedAsync(string version)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"artifact {version} {Guid.NewGuid()}"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "model.zip");
        form.Add(new StringContent(JsonSerializer.Serialize(new { version, metrics = new { auc = 0.9 } })), "metadata");
        var upload = await engineer.PostAsync($"/api/v1/models/{model}/versions", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/{version}/stage", new { stage = "Staging" })).StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
    }

    private async Task<string> RequestAsync(string version)
    {
        var request = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/{version}/promotions", new { targetStage = "Production", justification = "better" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        return (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Seeded normal windows; the current one shifts both features by <paramref name="shift"/> standard deviations.</summary>
    private static string Window(int rows, int seed, double shift)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("x,y\n");
        for (var i = 0; i < rows; i++)
        {
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            sb.Append(CultureInfo.InvariantCulture, $"{Normal() + shift:0.####},{Normal() + shift:0.####}\n");
        }

        return sb.ToString();
    }
}
