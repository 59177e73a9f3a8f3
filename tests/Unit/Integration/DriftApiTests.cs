using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

public sealed class DriftApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private HttpClient viewer = default!;
    private readonly string model = $"d{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"deng{suffix}@it.test", "Engineer");
        viewer = await app.UserAsync($"dview{suffix}@it.test", "Viewer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "x", type = "numeric" }, new { name = "y", type = "numeric" }, new { name = "z", type = "numeric" }, new { name = "plan", type = "categorical" } },
        });
        created.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Seeded windows; the current one shifts x and y by <paramref name="shift"/> standard deviations.</summary>
    private static string Window(int rows, int seed, double shift)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("x,y,z,plan\n");
        for (var i = 0; i < rows; i++)
        {
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            sb.Append(CultureInfo.InvariantCulture, $"{Normal() + shift:0.####},{Normal() + shift:0.####},{Normal():0.####},{(rng.NextDouble() < 0.5 ? "basic" : "pro")}\n");
        }

        return sb.ToString();
    }

    private Task<HttpResponseMessage> UploadAsync(string reference, string current)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(reference), "reference", "reference.csv" },
            { new StringContent(current), "current", "current.csv" },
        };
        return engineer.PostAsync($"/api/v1/models/{model}/drift", form);
    }

    [Fact]
    public async Task Uploaded_windows_give_a_stored_audited_report_that_marks_the_shifted_features()
    {
        var response = await UploadAsync(Window(800, 1, 0), Window(600, 2, 0.6));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = report.GetProperty("id").GetString();
        var features = report.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(features["x"].GetProperty("drifted").GetBoolean());
        Assert.True(features["y"].GetProperty("drifted").GetBoolean());
        Assert.False(features["z"].GetProperty("drifted").GetBoolean());
        Assert.True(features["x"].GetProperty("pValue").GetDouble() < 1e-6);
        Assert.Equal(0.5, report.GetProperty("driftShare").GetDouble());
        Assert.True(report.GetProperty("datasetDrift").GetBoolean());
        Assert.Equal("Retrain", report.GetProperty("recommendationKind").GetString());

        var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/drift");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var fetched = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/drift/reports/{id}");
        Assert.Equal(4, fetched.GetProperty("features").GetArrayLength());
        var audit = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=drift.report_stored&entityId={id}");
        Assert.Equal(1, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_windows_are_refused_with_the_reason_and_nothing_is_stored()
    {
        await AssertBadRequest(await UploadAsync("x,y,z,plan\n1,2,3,a\n", Window(100, 2, 0)), "at least 10");
        await AssertBadRequest(await UploadAsync(Window(100, 1, 0), "x,y,plan\n1,2,a\n"), "lacks the model's feature column(s): z");
        await AssertBadRequest(await UploadAsync(Window(100, 1, 0), Window(20, 2, 0) + "oops,1,1,a\n"), "row 22");
        await AssertBadRequest(await UploadAsync(Window(100, 1, 0), ""), "empty");

        var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/drift");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/models/nope-{model}/drift")).StatusCode);
    }

    [Fact]
    public async Task Compute_returns_the_contract_fields_and_stores_nothing()
    {
        var rng = new Random(5);
        var body = new
        {
            reference = new Dictionary<string, object[]> { ["a"] = Enumerable.Range(0, 300).Select(_ => (object)rng.NextDouble()).ToArray(), ["c"] = Enumerable.Range(0, 300).Select(i => (object)(i % 2 == 0 ? "x" : "y")).ToArray() },
            current = new Dictionary<string, object[]> { ["a"] = Enumerable.Range(0, 300).Select(_ => (object)(rng.NextDouble() + 0.3)).ToArray(), ["c"] = Enumerable.Range(0, 300).Select(i => (object)(i % 2 == 0 ? "x" : "y")).ToArray() },
            categorical = new[] { "c" },
            bins = 10,
        };

        var response = await engineer.PostAsJsonAsync("/api/v1/drift/compute", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "features", "datasetDrift", "driftShare", "recommendation" })
        {
            Assert.True(result.TryGetProperty(field, out _), field);
        }

        var a = result.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "a");
        foreach (var field in new[] { "name", "ks", "pValue", "psi", "meanShift", "wasserstein", "severity", "drifted", "missing" })
        {
            Assert.True(a.TryGetProperty(field, out _), field);
        }

        Assert.True(a.GetProperty("drifted").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/drift/compute", body)).StatusCode);
        await AssertBadRequest(await engineer.PostAsJsonAsync("/api/v1/drift/compute", new { reference = new { a = new[] { 1, 2 } }, current = new { b = new[] { 1, 2 } } }), "Mismatched feature sets");
    }

    private static async Task AssertBadRequest(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
