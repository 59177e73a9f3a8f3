using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>The Models list's filters and the model settings over HTTP: the same engine calls the pages make.</summary>
public sealed class ModelSettingsApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private readonly string tag = $"t{Guid.NewGuid():N}"[..10];
    private readonly string model = $"m{Guid.NewGuid():N}"[..12];
    private HttpClient engineer = default!;
    private HttpClient viewer = default!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        engineer = await app.UserAsync($"eng{suffix}@it.test", "Engineer");
        viewer = await app.UserAsync($"view{suffix}@it.test", "Viewer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new { name = model, task = "regression", tags = new[] { tag } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Put_replaces_the_settings_and_the_list_filters_by_the_new_tag()
    {
        var newTag = tag + "x";
        var put = await engineer.PutAsJsonAsync($"/api/v1/models/{model}", new { description = "house prices", tags = new[] { newTag }, metricGate = new { metric = "rmse", threshold = 20, higherIsBetter = false } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("house prices", body.GetProperty("description").GetString());

        var byNew = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models?tag={newTag}&task=regression");
        var byOld = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models?tag={tag}");
        Assert.Equal([model], byNew.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(0, byOld.GetProperty("total").GetInt32());
        var tags = await viewer.GetFromJsonAsync<string[]>("/api/v1/model-tags");
        Assert.Contains(newTag, tags!);
    }

    [Fact]
    public async Task Viewers_may_not_change_settings_and_bad_filters_are_400_naming_the_field()
    {
        var denied = await viewer.PutAsJsonAsync($"/api/v1/models/{model}", new { description = "mine now" });
        var badSort = await viewer.GetAsync("/api/v1/models?sort=owner");
        var badStage = await viewer.GetAsync("/api/v1/models?stage=Live");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("sort", await badSort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStage.StatusCode);
        Assert.Contains("stage", await badStage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unchanged = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}");
        Assert.Equal("", unchanged.GetProperty("description").GetString());
    }
}
