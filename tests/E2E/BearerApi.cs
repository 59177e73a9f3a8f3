using System.Text.Json;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>
/// Bearer calls through a page's request context, for a browser test's setup (deploying, uploading, approving) that is
/// not what the test is about; a non-2xx answer fails the test with its body.
/// </summary>
internal sealed class BearerApi(IAPIRequestContext http, string token)
{
    private Dictionary<string, string> Headers => new() { ["Authorization"] = $"Bearer {token}" };

    /// <summary>Signs in as <paramref name="email"/> (the shared test password) through the page's own context.</summary>
    public static async Task<BearerApi> SignInAsync(IPage page, string email)
    {
        var login = await page.Context.APIRequest.PostAsync("/api/v1/auth/login", new() { DataObject = new { email, password = PortalServer.Password } });
        Assert.Equal(200, login.Status);
        return new BearerApi(page.Context.APIRequest, (await login.JsonAsync())!.Value.GetProperty("accessToken").GetString()!);
    }

    public async Task<JsonElement> GetAsync(string path) => await CheckedAsync(await http.GetAsync(path, new() { Headers = Headers }));

    public async Task<byte[]> BytesAsync(string path)
    {
        var response = await http.GetAsync(path, new() { Headers = Headers });
        Assert.True(response.Ok, $"GET {path}: {response.Status}");
        return await response.BodyAsync();
    }

    public async Task<JsonElement> SendAsync(string method, string path, object body) =>
        await CheckedAsync(await http.FetchAsync(path, new() { Method = method, Headers = Headers, DataObject = body }));

    /// <summary>A POST whose answer the caller judges (no check): its status and body.</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, object body)
    {
        var response = await http.PostAsync(path, new() { Headers = Headers, DataObject = body });
        return (response.Status, await response.TextAsync());
    }

    /// <summary>Registers a version: metadata with the version and an AUC, the artifact as model.zip.</summary>
    public async Task UploadAsync(string path, string version, byte[] artifact)
    {
        var form = http.CreateFormData();
        form.Append("metadata", JsonSerializer.Serialize(new { version, metrics = new { auc = 0.9 } }));
        form.Append("artifact", new FilePayload { Name = "model.zip", MimeType = "application/zip", Buffer = artifact });
        await CheckedAsync(await http.PostAsync(path, new() { Headers = Headers, Multipart = form }));
    }

    private static async Task<JsonElement> CheckedAsync(IAPIResponse response)
    {
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{response.Url}: {response.Status} {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
