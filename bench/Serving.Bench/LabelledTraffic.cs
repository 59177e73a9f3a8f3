using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelLifecycle.Serving.Bench;

/// <summary>What the labelled traffic mode is told (bench/send-traffic.sh -c …).</summary>
internal sealed record LabelledTrafficOptions(
    string BaseUrl,
    string Model,
    string ApiKey,
    double Rate,
    int Count,
    string CsvPath,
    string LabelColumn = "label",
    double FeedbackShare = 1,
    string? Drift = null,
    int Seed = 1,
    string? WritePath = null);

/// <summary>
/// Labelled traffic from real rows (bench/send-traffic.sh -c): <see cref="LabelledTrafficOptions.Count"/> rows drawn
/// at random (with replacement, seeded) from a labelled CSV, each row's features sent to <c>predict</c> with a random
/// routing key and its true label sent as <c>feedback</c> of that same prediction, so a version that is wrong more
/// often shows a lower accuracy in health and A/B tests. Feedback is sent after each block of predictions: a label for
/// a prediction still queued in the portal's log makes it flush, once per block instead of once per row.
/// Prints per version how many it served and how many it got right (binary) or its mean absolute error (regression),
/// as the client sees it.
/// </summary>
internal static class LabelledTraffic
{
    private const int FeedbackBlock = 100;

    public static async Task<int> RunAsync(LabelledTrafficOptions o)
    {
        LabelledRows rows;
        try
        {
            using var reader = new StreamReader(o.CsvPath);
            rows = LabelledRows.Read(reader, o.LabelColumn, FeatureDrift.ParseList(o.Drift));
        }
        catch (Exception e) when (e is ArgumentException or IOException or CsvHelper.CsvHelperException)
        {
            Console.Error.WriteLine($"{o.CsvPath}: {e.Message}");
            return 2;
        }

        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"{o.CsvPath}: no complete row to send ({rows.Skipped} skipped for a missing value).");
            return 2;
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(o.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", o.ApiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var random = new Random(o.Seed);
        var perVersion = new SortedDictionary<string, VersionTally>(StringComparer.Ordinal);
        var sent = new List<int>(o.Count);
        var pending = new List<(string Id, int Row, VersionTally Tally, double Prediction)>(FeedbackBlock);
        int failed = 0, labelled = 0, feedbackFailed = 0;
        var watch = Stopwatch.StartNew();
        var uri = $"/api/v1/models/{Uri.EscapeDataString(o.Model)}/predict";

        async Task SendFeedbackAsync()
        {
            foreach (var (id, row, tally, prediction) in pending)
            {
                using var fb = await client.PostAsync($"/api/v1/predictions/{id}/feedback", new StringContent($"{{\"label\":{rows.LabelJson(row)}}}", Encoding.UTF8, "application/json"));
                if (!fb.IsSuccessStatusCode)
                {
                    if (++feedbackFailed <= 3)
                    {
                        Console.Error.WriteLine($"feedback {(int)fb.StatusCode} {await fb.Content.ReadAsStringAsync()}");
                    }

                    continue;
                }

                labelled++;
                tally.Labelled++;
                if (rows.LabelValue(row) is { } truth)
                {
                    tally.Correct += prediction == truth ? 1 : 0;
                    tally.AbsoluteError += Math.Abs(prediction - truth);
                }
            }

            pending.Clear();
        }

        for (var i = 0; i < o.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / o.Rate) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var row = random.Next(rows.Count);
            var body = JsonSerializer.Serialize(new { features = rows.FeaturesOf(row), routingKey = $"user-{random.Next(1_000_000):D6}" });
            var wantsFeedback = random.NextDouble() < o.FeedbackShare;
            using var response = await client.PostAsync(uri, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                if (++failed <= 3)
                {
                    Console.Error.WriteLine($"{(int)response.StatusCode} {text}");
                }

                continue;
            }

            sent.Add(row);
            using var answer = JsonDocument.Parse(text);
            var version = answer.RootElement.GetProperty("version").GetString() ?? "?";
            if (!perVersion.TryGetValue(version, out var tally))
            {
                perVersion[version] = tally = new VersionTally();
            }

            tally.Served++;
            if (wantsFeedback && answer.RootElement.GetProperty("prediction").ValueKind == JsonValueKind.Number)
            {
                pending.Add((answer.RootElement.GetProperty("predictionId").GetString()!, row, tally, answer.RootElement.GetProperty("prediction").GetDouble()));
                if (pending.Count == FeedbackBlock)
                {
                    await SendFeedbackAsync();
                }
            }
        }

        await SendFeedbackAsync();
        if (o.WritePath is { } path)
        {
            await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            rows.WriteCsv(writer, sent, o.LabelColumn);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"sent {sent.Count:N0} labelled rows of {Path.GetFileName(o.CsvPath)} ({rows.Count:N0} rows, {rows.Skipped} skipped){(o.Drift is { Length: > 0 } d ? $" with drift {d}" : "")} to {o.Model} in {elapsed:0.0} s ({sent.Count / Math.Max(elapsed, 1e-9):0.0}/s), failed {failed}, feedback labels {labelled} (failed {feedbackFailed})"));
        foreach (var (version, t) in perVersion)
        {
            var quality = t.Labelled == 0 ? "no labels"
                : rows.BinaryLabels ? FormattableString.Invariant($"client-side accuracy {100.0 * t.Correct / t.Labelled:0.0} % ({t.Correct}/{t.Labelled})")
                : FormattableString.Invariant($"client-side MAE {t.AbsoluteError / t.Labelled:0.###} ({t.Labelled} labelled)");
            Console.WriteLine(FormattableString.Invariant($"  {version,-16} {t.Served,8:N0} served  {quality}"));
        }

        if (o.WritePath is not null)
        {
            Console.WriteLine($"  rows as sent written to {o.WritePath}");
        }

        return failed == 0 && feedbackFailed == 0 ? 0 : 1;
    }

    private sealed class VersionTally
    {
        public int Served { get; set; }

        public int Labelled { get; set; }

        public int Correct { get; set; }

        public double AbsoluteError { get; set; }
    }
}
