using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelLifecycle.Scale.Bench;

/// <summary>
/// Times each list and summary against the running portal, as a client sees it (request sent to body read): the API
/// with a bearer token, the Blazor pages as the prerendered HTML of a GET with the sign-in cookie (prerendering runs
/// the page's service calls on the server, so the time includes every query the page makes before its first paint).
/// One warm-up call, then <c>runs</c> timed calls each; prints median and p95 (nearest rank).
/// </summary>
internal static partial class ScaleTimings
{
    public static async Task<int> RunAsync(Uri baseUrl, string email, string password, int runs)
    {
        using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        using (var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password }))
        {
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var pages = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        await SignInAsync(pages, email, password);

        var big = ScaleShape.BigModel;
        var total = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/models/{big}/versions?page=1&pageSize=25")).GetProperty("total").GetInt32();
        var last = Math.Max(1, (total + 24) / 25);
        var tag = "fraud";
        Console.WriteLine(FormattableString.Invariant($"{big} has {total:N0} versions ({last:N0} pages of 25); {runs} timed runs after one warm-up; load average {Load()}"));
        Console.WriteLine();
        Console.WriteLine("| what | median ms | p95 ms | bytes |");
        Console.WriteLine("|---|---:|---:|---:|");
        var failures = 0;
        async Task Time(string label, HttpClient client, string url, string? mustContain = null)
        {
            var (ok, line) = await MeasureAsync(label, client, url, runs, mustContain);
            failures += ok ? 0 : 1;
            Console.WriteLine(line);
        }

        await Time($"API model summary `GET /api/v1/models/{big}`", api, $"/api/v1/models/{big}");
        await Time("API versions, first page (25)", api, $"/api/v1/models/{big}/versions?page=1&pageSize=25");
        await Time($"API versions, last page ({last:N0})", api, $"/api/v1/models/{big}/versions?page={last}&pageSize=25");
        await Time("API stage history", api, $"/api/v1/models/{big}/stage-history");
        await Time("API Models list, page 1 (by name)", api, "/api/v1/models?page=1");
        await Time("API Models list, page 1000", api, "/api/v1/models?page=1000");
        await Time("API Models list, stage=Production", api, "/api/v1/models?page=1&stage=Production");
        await Time("API Models list, stage=None", api, "/api/v1/models?page=1&stage=None");
        await Time("API Models list, task=Regression", api, "/api/v1/models?page=1&task=Regression");
        await Time($"API Models list, tag={tag}", api, $"/api/v1/models?page=1&tag={tag}");
        await Time("API Models list, sort=-versions", api, "/api/v1/models?page=1&sort=-versions");
        await Time("API Models list, sort=-created, search=model-4", api, "/api/v1/models?page=1&sort=-created&search=model-4");
        await Time("API model tags", api, "/api/v1/model-tags");
        await Time("API audit, first page", api, "/api/v1/audit");
        await Time("API audit, action=promotion.approved", api, "/api/v1/audit?action=promotion.approved");
        await Time($"API audit, entityId={big}", api, $"/api/v1/audit?entityType=model&entityId={big}");
        await Time("Page: model (prerendered GET)", pages, $"/models/{big}", big);
        await Time("Page: Models list (prerendered GET)", pages, "/models", "Models");
        await Time("Page: Audit (prerendered GET)", pages, "/audit", "Audit");
        await Time("Page: Dashboard (prerendered GET)", pages, "/", "Dashboard");
        failures += await RegisterAsync(api, big, runs) ? 0 : 1;
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(bool Ok, string Line)> MeasureAsync(string label, HttpClient client, string url, int runs, string? mustContain)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode || (mustContain is not null && !body.Contains(mustContain, StringComparison.Ordinal)))
            {
                return (false, $"| {label} | failed: {(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(200, body.Length)]} | | |");
            }

            bytes = System.Text.Encoding.UTF8.GetByteCount(body);
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return (true, Row(label, times, bytes));
    }

    /// <summary>Registration on the big model (no version given: the next minor after the newest), the path that must not read every version.</summary>
    private static async Task<bool> RegisterAsync(HttpClient api, string model, int runs)
    {
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent($$"""{"metrics":{"auc":0.9},"notes":"scale bench {{run}}"}"""), "metadata" },
                { new ByteArrayContent(Guid.NewGuid().ToByteArray()), "artifact", "model.zip" },
            };
            var watch = Stopwatch.StartNew();
            using var response = await api.PostAsync($"/api/v1/models/{model}/versions", form);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode)
            {
                Console.WriteLine($"| Register a version | failed: {(int)response.StatusCode} {body} | | |");
                return false;
            }

            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(Row($"API register a version of {model} (multipart POST)", times, 0));
        return true;
    }

    private static string Row(string label, List<double> times, long bytes)
    {
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        var p95 = times[Math.Clamp((int)Math.Ceiling(0.95 * times.Count) - 1, 0, times.Count - 1)];
        return FormattableString.Invariant($"| {label} | {median:0} | {p95:0} | {bytes:N0} |");
    }

    /// <summary>The portal's sign-in form (static server rendering with an antiforgery token), as a browser posts it.</summary>
    private static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
