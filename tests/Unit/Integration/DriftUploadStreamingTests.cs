using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Tests.Unit.DriftReports;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// The drift upload over HTTP parses each CSV part from the request body as it arrives: a multi-megabyte upload
/// gives exactly the report the previous (buffered, CsvHelper) path computed, and a refusal in the first part is
/// answered before the client has finished sending the rest.
/// </summary>
public sealed class DriftUploadStreamingTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private static readonly FeatureDefinition[] Schema =
        [new("x", FeatureType.Numeric), new("y", FeatureType.Numeric), new("z", FeatureType.Numeric), new("plan", FeatureType.Categorical)];

    private HttpClient engineer = default!;
    private readonly string model = $"s{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        engineer = await app.UserAsync($"seng{Guid.NewGuid():N}"[..10] + "@it.test", "Engineer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = Schema.Select(f => new { name = f.Name, type = f.Type == FeatureType.Numeric ? "numeric" : "categorical" }),
        });
        created.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Window(int rows, int seed, double shift)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("x,y,z,plan\r\n");
        for (var i = 0; i < rows; i++)
        {
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var z = i % 97 == 0 ? "NA" : Normal().ToString("F5", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{Normal() + shift:F5},{Normal() * (1 + shift):R},{z},{(rng.NextDouble() < 0.5 + (shift / 4) ? "basic" : "\"pro, yearly\"")}\r\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task A_multi_megabyte_upload_gives_the_report_the_previous_parser_gave()
    {
        var reference = Window(120_000, 1, 0);
        var current = Window(100_000, 2, 0.05);
        Assert.True(reference.Length + current.Length > 8_000_000);

        var form = new MultipartFormDataContent
        {
            { new StringContent(current), "current", "current.csv" },
            { new StringContent("   "), "version" },
            { new StringContent(reference), "reference", "reference.csv" },
        };
        var response = await engineer.PostAsync($"/api/v1/models/{model}/drift", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var refWindow = LegacyDriftCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(reference)), Schema, "reference");
        var curWindow = LegacyDriftCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(current)), Schema, "current");
        var expected = DriftReportView.From(DriftAnalyzer.Analyze(refWindow, curWindow, DriftThresholds.Default), 120_000, 100_000);
        Assert.Equal(120_000, report.GetProperty("referenceRows").GetInt32());
        Assert.Equal(100_000, report.GetProperty("currentRows").GetInt32());
        var features = report.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        foreach (var feature in expected.Features)
        {
            var actual = features[feature.Name];
            Assert.Equal(feature.Psi, actual.GetProperty("psi").GetDouble());
            Assert.Equal(feature.PValue, actual.GetProperty("pValue").GetDouble());
            Assert.Equal(feature.Missing, actual.GetProperty("missing").GetInt64());
            if (feature.Kind == FeatureKind.Numeric)
            {
                Assert.Equal(feature.Ks, actual.GetProperty("ks").GetDouble());
                Assert.Equal(feature.MeanShift, actual.GetProperty("meanShift").GetDouble());
                Assert.Equal(feature.Wasserstein, actual.GetProperty("wasserstein").GetDouble());
            }
        }

        var distributions = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/drift/reports/{report.GetProperty("id").GetString()}/distributions");
        var x = distributions.EnumerateArray().Single(d => d.GetProperty("feature").GetString() == "x");
        var expectedX = LegacyHistogram(refWindow.Numeric["x"], curWindow.Numeric["x"]);
        Assert.Equal(expectedX.Edges, x.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(expectedX.Reference, x.GetProperty("referenceCounts").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(expectedX.Current, x.GetProperty("currentCounts").EnumerateArray().Select(e => e.GetInt64()));
    }

    /// <summary>The histogram as the report computed it before (LINQ sort), to check the radix-sorted one against.</summary>
    private static (double[] Edges, long[] Reference, long[] Current) LegacyHistogram(double[] reference, double[] current)
    {
        var a = reference.Where(double.IsFinite).Order().ToArray();
        var b = current.Where(double.IsFinite).Order().ToArray();
        var (min, max, bins) = (Math.Min(a[0], b[0]), Math.Max(a[^1], b[^1]), FeatureDistribution.HistogramBins);
        var width = (max - min) / bins;
        long[] Count(double[] sorted)
        {
            var counts = new long[bins];
            foreach (var v in sorted)
            {
                counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
            }

            return counts;
        }

        return (Enumerable.Range(0, bins + 1).Select(i => i == bins ? max : min + (i * width)).ToArray(), Count(a), Count(b));
    }

    [Fact]
    public async Task A_refusal_in_the_first_part_is_answered_before_the_rest_of_the_body_is_read()
    {
        var body = new SlowForm(Window(50, 1, 0) + "thirty,1,1,a\n", partBytes: 64L << 20);

        var response = await engineer.PostAsync($"/api/v1/models/{model}/drift", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("row 52", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(body.Sent < 64L << 20, $"the server read {body.Sent} bytes of the 64 MiB second part before refusing the first");
        var list = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/drift");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    /// <summary>
    /// A multipart form written as the server reads it: a malformed 'reference' part, then a 'current' part of
    /// <c>partBytes</c> produced 64 KiB at a time; <see cref="Sent"/> counts how much of it was taken. A server that
    /// buffers the form before parsing takes all of it; one that parses as it reads stops at the refusal.
    /// </summary>
    private sealed class SlowForm : HttpContent
    {
        private const string Boundary = "drift-stream-test";
        private readonly string reference;
        private readonly long partBytes;

        public SlowForm(string reference, long partBytes)
        {
            this.reference = reference;
            this.partBytes = partBytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"reference\"; filename=\"r.csv\"\r\n\r\n{reference}\r\n"
                + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"current\"; filename=\"c.csv\"\r\n\r\nx,y,z,plan\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
            var rows = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0.12345,0.12345,0.12345,basic\n", 2048)));
            try
            {
                while (Sent < partBytes)
                {
                    await stream.WriteAsync(rows);
                    await stream.FlushAsync();
                    Sent += rows.Length;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n"));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The server answered and stopped reading: the rest of the body is not wanted.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
