using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Bad input over HTTP: a 400 problem naming the field, nothing changed, never a 500.</summary>
public sealed class BadInputApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private HttpClient approver = default!;
    private readonly string model = $"b{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"beng{suffix}@it.test", "Engineer");
        approver = await app.UserAsync($"bapp{suffix}@it.test", "Approver");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "x", type = "numeric" }, new { name = "plan", type = "categorical" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("\"1.0.0\"")]
    [InlineData("{\"version\":")]
    [InlineData("{\"metrics\":{\"auc\":null}}")]
    [InlineData("{\"hyperparameters\":{\"nested\":{\"a\":1}}}")]
    [InlineData("{\"hyperparameters\":{\"missing\":null}}")]
    [InlineData("{\"hyperparameters\":{\"lr\":1e400}}")]
    public async Task Bad_metadata_is_a_400_and_registers_nothing(string metadata)
    {
        var response = await UploadAsync(metadata, [1, 2, 3]);

        await AssertProblem(response, "metadata", "hyperparameter", "Hyperparameter");
        Assert.Equal(0, (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Hyperparameters_keep_numbers_booleans_and_strings_and_show_in_the_comparison()
    {
        var first = await UploadAsync("""{"version":"1.0.0","hyperparameters":{"trees":20,"shrink":true,"booster":"gbdt"}}""", [1], metadataFirst: true);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("""{"version":"1.1.0","hyperparameters":{"trees":40,"shrink":true,"booster":"gbdt"}}""", [2])).StatusCode);

        var stored = (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0")).GetProperty("hyperparameters");
        Assert.Equal(20, stored.GetProperty("trees").GetInt32());
        Assert.True(stored.GetProperty("shrink").GetBoolean());
        Assert.Equal("gbdt", stored.GetProperty("booster").GetString());

        var compare = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/compare?versions=1.0.0&versions=1.1.0");
        var trees = compare.GetProperty("hyperparameters").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "trees");
        Assert.Equal(["20", "40"], trees.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.True(trees.GetProperty("differs").GetBoolean());
        var shrink = compare.GetProperty("hyperparameters").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "shrink");
        Assert.False(shrink.GetProperty("differs").GetBoolean());
    }

    [Fact]
    public async Task Comma_joined_and_numeric_enum_values_are_refused_and_change_nothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("""{"version":"1.0.0"}""", [1])).StatusCode);

        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "staging,production" }), "stage");
        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "1" }), "stage");
        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Staging,Production", justification = "x" }), "stage");
        await AssertProblem(await engineer.GetAsync("/api/v1/promotions?status=pending,approved"), "status");
        await AssertProblem(await engineer.GetAsync("/api/v1/promotions?status=0"), "status");
        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-t", task = "regression,anomaly_detection" }), "task");
        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-f", task = "regression", features = new[] { new { name = "a", type = "numeric,categorical" } } }), "type");

        var version = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0");
        Assert.Equal("None", version.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/v1/models/{model}-t")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync("/api/v1/promotions?status=Pending")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/models?page=999999&pageSize=500")]
    [InlineData("/api/v1/models?page=2147483647&pageSize=500")]
    [InlineData("/api/v1/promotions?page=2147483647&pageSize=500")]
    [InlineData("/api/v1/models/{model}/drift?page=2147483647&pageSize=500")]
    public async Task Page_past_the_end_is_an_empty_page_with_the_total_and_last_page(string url)
    {
        var response = await engineer.GetAsync(url.Replace("{model}", model, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        var total = page.GetProperty("total").GetInt32();
        Assert.Equal(Math.Max(1, (total + 499) / 500), page.GetProperty("lastPage").GetInt32());
    }

    [Fact]
    public async Task Over_long_text_fields_are_refused_naming_field_and_limit_and_change_nothing()
    {
        string Long(int n) => new('a', n);

        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-d", task = "regression", description = Long(2001) }), "'description'", "2000");
        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-g", task = "regression", tags = new[] { Long(51) } }), "'tags'", "50");
        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-n", task = "regression", features = new[] { new { name = Long(101), type = "numeric" } } }), "'features.name'", "100");
        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-m", task = "regression", metricGate = new { metric = Long(101), threshold = 0.5 } }), "'metricGate.metric'", "100");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", notes = Long(4001) }), [1]), "'notes'", "4000");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", datasetHash = Long(129) }), [1]), "'datasetHash'", "128");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", trainingRun = Long(201) }), [1]), "'trainingRun'", "200");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", metrics = new Dictionary<string, double> { [Long(101)] = 1 } }), [1]), "metrics", "100");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", hyperparameters = new Dictionary<string, string> { ["h"] = Long(1001) } }), [1]), "hyperparameters.h", "1000");
        await AssertProblem(await UploadAsync("""{"version":"1.0.0"}""", [1], fileName: Long(258) + ".zip"), "file name", "260");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0-" + Long(60) }), [1]), "semantic version", "64");
        Assert.Equal(0, (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("""{"version":"1.0.0"}""", [1])).StatusCode);
        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging", reason = Long(4001) }), "'reason'", "4000");
        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging" })).StatusCode);
        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = Long(4001) }), "'justification'", "4000");
        var request = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "ok" });
        Assert.True(request.StatusCode == HttpStatusCode.Created, await request.Content.ReadAsStringAsync());
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await AssertProblem(await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = Long(4001) }), "'reason'", "4000");

        var version = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0");
        Assert.Equal("Staging", version.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/v1/models/{model}-d")).StatusCode);
    }

    /// <summary>SQLite stores long text cut at a NUL; refusing it at the door keeps what was sent and what is stored the same.</summary>
    [Fact]
    public async Task Text_with_a_nul_character_is_refused_in_bodies_and_metadata_and_changes_nothing()
    {
        var nul = "cut\0here " + new string('z', 1500);

        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/models", new { name = $"{model}-z", task = "regression", description = nul }), "'description'", "NUL");
        await AssertProblem(await UploadAsync(JsonSerializer.Serialize(new { version = "1.0.0", notes = "x\0y" }), [1]), "'notes'", "NUL");
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/v1/models/{model}-z")).StatusCode);
        Assert.Equal(0, (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("""{"version":"1.0.0"}""", [1])).StatusCode);
        await AssertProblem(await engineer.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging", reason = nul }), "'reason'", "NUL");
        var version = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions/1.0.0");
        Assert.Equal("None", version.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Malformed_json_bodies_are_400_problems_with_a_reason()
    {
        foreach (var body in new[] { "{", "null", "{\"name\": 5}", "" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await engineer.PostAsync("/api/v1/models", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("1e309")]
    public async Task Huge_numbers_in_json_drift_windows_are_refused_naming_feature_and_index(string value)
    {
        var values = string.Join(",", Enumerable.Range(0, 20).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var json = "{\"reference\":{\"x\":[" + values + "]},\"current\":{\"x\":[" + values + "," + value + "]}}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await engineer.PostAsync("/api/v1/drift/compute", content);

        await AssertProblem(response, "'x'", "index 20");
    }

    [Fact]
    public async Task Null_and_missing_tokens_in_json_windows_count_as_missing_like_csv()
    {
        var values = Enumerable.Range(0, 20).Select(i => (object?)i).ToList();
        var body = new
        {
            reference = new Dictionary<string, object?[]> { ["x"] = [.. values, null, "NA", "nan", ""] },
            current = new Dictionary<string, object?[]> { ["x"] = [.. values, null] },
        };

        var response = await engineer.PostAsJsonAsync("/api/v1/drift/compute", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feature = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features")[0];
        Assert.Equal(4, feature.GetProperty("missingReference").GetInt32());
        Assert.Equal(1, feature.GetProperty("missingCurrent").GetInt32());

        await AssertProblem(await engineer.PostAsJsonAsync("/api/v1/drift/compute", new { reference = new { x = (int[]?)null }, current = new { x = values } }), "'x'");
    }

    [Fact]
    public async Task Csv_with_an_unterminated_quote_is_refused_with_its_row_and_stores_no_report()
    {
        var rows = new StringBuilder("x,plan\n");
        for (var i = 0; i < 500; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{i},{(i == 20 ? "\"pro" : "basic")}\n");
        }

        var good = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},basic\n"));
        await AssertProblem(await DriftAsync("x,plan\n" + good, rows.ToString()), "row 22", "quote");
        await AssertProblem(await DriftAsync("x,plan\n" + good, "x,plan\n" + good + "1e308,basic\n"), "row 52", "'x'");

        var reports = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/drift");
        Assert.Equal(0, reports.GetProperty("total").GetInt32());
    }

    private Task<HttpResponseMessage> DriftAsync(string reference, string current)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(reference), "reference", "reference.csv" },
            { new StringContent(current), "current", "current.csv" },
        };
        return engineer.PostAsync($"/api/v1/models/{model}/drift", form);
    }

    private Task<HttpResponseMessage> UploadAsync(string metadata, byte[] bytes, bool metadataFirst = false, string fileName = "model.zip")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        if (metadataFirst)
        {
            form.Add(new StringContent(metadata), "metadata");
            form.Add(file, "artifact", fileName);
        }
        else
        {
            form.Add(file, "artifact", fileName);
            form.Add(new StringContent(metadata), "metadata");
        }

        return engineer.PostAsync($"/api/v1/models/{model}/versions", form);
    }

    /// <summary>A 400 problem whose detail contains every one of <paramref name="mentions"/>, or any of them when the first is "metadata".</summary>
    private static async Task AssertProblem(HttpResponseMessage response, params string[] mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
        if (mentions is ["metadata", ..])
        {
            Assert.True(mentions.Any(m => detail.Contains(m, StringComparison.Ordinal)), detail);
            return;
        }

        Assert.All(mentions, m => Assert.Contains(m, detail, StringComparison.Ordinal));
    }
}
