using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelLifecycle.Serving.Bench;

/// <summary>
/// Issue 8, benchmark 9b: HTTP on loopback against a running portal. N concurrent workers (one HttpClient, N
/// connections) post <c>POST /api/v1/models/{name}/predict</c> with an API key for a fixed time after a warm-up, each
/// body one of 4,096 prepared rows with a routing key. Reports predictions/s, p50/p99 latency as the client sees it
/// (request sent to response read), and BENCH_HTTP_OK (every 200 including the warm-up), which the run script
/// compares with the rows in the Predictions table after a graceful stop. Also the traffic mode (<see cref="TrafficAsync"/>).
/// </summary>
internal static class HttpBench
{
    public static async Task<int> RunAsync(string baseUrl, string model, string apiKey, int concurrency, TimeSpan duration, TimeSpan warmup)
    {
        using var client = Client(baseUrl, apiKey, concurrency);

        // Bodies are encoded once: a request sends prepared bytes, so the client's own cost is the HTTP exchange.
        var bodies = Bodies(4_096, seed: concurrency).Select(b => Encoding.UTF8.GetBytes(b)).ToArray();
        var json = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var uri = $"/api/v1/models/{Uri.EscapeDataString(model)}/predict";
        long ok = 0, failed = 0;
        var measuring = false;
        var stop = false;
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>(100_000)).ToArray();
        var loadBefore = LoadAverage();

        async Task Worker(int w)
        {
            var i = w * 97;
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i++ & 4095]);
                content.Headers.ContentType = json;
                using var response = await client.PostAsync(uri, content);
                await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                    if (Volatile.Read(ref measuring))
                    {
                        latencies[w].Add(elapsed);
                    }
                }
                else if (Interlocked.Increment(ref failed) <= 3)
                {
                    Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => Worker(w))).ToArray();
        await Task.Delay(warmup);
        Volatile.Write(ref measuring, true);
        var okBefore = Interlocked.Read(ref ok);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var measured = Interlocked.Read(ref ok) - okBefore;
        var clientCpu = Environment.CpuUsage.TotalTime - cpuBefore;
        watch.Stop();
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        Console.WriteLine(FormattableString.Invariant(
            $"concurrency {concurrency,3}: {measured / watch.Elapsed.TotalSeconds,8:N0} predictions/s over {watch.Elapsed.TotalSeconds:0.0} s  p50 {P(0.50):0.00} ms  p99 {P(0.99):0.00} ms  max {all.LastOrDefault():0.0} ms  failed {failed}  load average {loadBefore} -> {LoadAverage()}"));
        // The client shares the cores with the portal: its own CPU per answered prediction shows how much it takes.
        Console.WriteLine(FormattableString.Invariant(
            $"client CPU: {clientCpu.TotalMicroseconds / Math.Max(1, measured):0} µs per prediction ({clientCpu.TotalSeconds / watch.Elapsed.TotalSeconds:0.00} cores)"));
        Console.WriteLine(FormattableString.Invariant($"BENCH_HTTP_OK={ok}"));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The traffic mode behind bench/send-traffic.sh: <paramref name="count"/> predictions at about
    /// <paramref name="rate"/> per second with random routing keys, optionally feedback labels (the label drawn from the
    /// returned score, so accuracy looks plausible), then how many each version served.
    /// </summary>
    public static async Task<int> TrafficAsync(string baseUrl, string model, string apiKey, double rate, int count, double feedback, string? featuresJson, int seed)
    {
        using var client = Client(baseUrl, apiKey, 8);
        var random = new Random(seed);
        JsonElement? template = featuresJson is null ? null : JsonDocument.Parse(featuresJson).RootElement;
        var perVersion = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int failed = 0, labelled = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var body = JsonSerializer.Serialize(new { features = template is { } t ? Vary(t, random) : CreditRisk(random), routingKey = $"user-{random.Next(1_000_000):D6}" });
            using var response = await client.PostAsync($"/api/v1/models/{Uri.EscapeDataString(model)}/predict", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                failed++;
                Console.Error.WriteLine($"{(int)response.StatusCode} {text}");
                continue;
            }

            using var answer = JsonDocument.Parse(text);
            var version = answer.RootElement.GetProperty("version").GetString() ?? "?";
            perVersion[version] = perVersion.GetValueOrDefault(version) + 1;
            if (random.NextDouble() < feedback && answer.RootElement.GetProperty("score").ValueKind == JsonValueKind.Number)
            {
                var score = answer.RootElement.GetProperty("score").GetDouble();
                var prediction = answer.RootElement.GetProperty("prediction").GetDouble();
                // Binary / anomaly (prediction 1 or 0): a 0/1 label drawn from the probability (or the prediction when
                // the score is not one); regression: the value within ±10 %.
                var label = prediction is 0 or 1
                    ? (score is >= 0 and <= 1 ? (random.NextDouble() < score ? 1 : 0) : prediction).ToString(CultureInfo.InvariantCulture)
                    : Math.Round(prediction * (0.9 + (0.2 * random.NextDouble())), 4).ToString(CultureInfo.InvariantCulture);
                var id = answer.RootElement.GetProperty("predictionId").GetString();
                using var fb = await client.PostAsync($"/api/v1/predictions/{id}/feedback", new StringContent($"{{\"label\":{label}}}", Encoding.UTF8, "application/json"));
                labelled += fb.IsSuccessStatusCode ? 1 : 0;
            }
        }

        Console.WriteLine(FormattableString.Invariant($"sent {count:N0} predictions to {model} in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:0.0}/s), failed {failed}, feedback labels {labelled}"));
        foreach (var (version, served) in perVersion)
        {
            Console.WriteLine(FormattableString.Invariant($"  {version,-16} {served,8:N0}  {100.0 * served / Math.Max(1, count - failed),5:0.0} %"));
        }

        return failed == 0 ? 0 : 1;
    }

    private static HttpClient Client(string baseUrl, string apiKey, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Bodies for the demo model credit-risk (income, debt_ratio, age, open_accounts, region).</summary>
    private static string[] Bodies(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new { features = CreditRisk(random), routingKey = $"customer-{random.Next(1_000_000):D7}" }))];
    }

    private static Dictionary<string, object> CreditRisk(Random random) => new()
    {
        ["income"] = Math.Round(15_000 + (random.NextDouble() * 135_000)),
        ["debt_ratio"] = Math.Round(random.NextDouble() * 0.9, 3),
        ["age"] = random.Next(18, 80),
        ["open_accounts"] = random.Next(0, 12),
        ["region"] = Regions[random.Next(Regions.Length)],
    };

    /// <summary>A caller's template: numbers jittered by ±20 %, strings kept.</summary>
    private static Dictionary<string, object> Vary(JsonElement template, Random random) =>
        template.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Number
                ? Math.Round(p.Value.GetDouble() * (0.8 + (0.4 * random.NextDouble())), 4)
                : (object)(p.Value.GetString() ?? string.Empty));

    private static readonly string[] Regions = ["north", "south", "east", "west"];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
