using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Integration.Monitoring;

/// <summary>
/// A deployed binary model (numeric f0..f3, categorical plan) with an engineer, an approver and a viewer, and a
/// prediction log seeded as the serving path writes it. Predictions are written in groups sharing one timestamp (as a
/// batch request does), so the scan's keyset pages cross ties (the fixture's chunk size is 7).
/// </summary>
public sealed class MonitoringScenario(PortalApp app)
{
    public static readonly string[] Numeric = ["f0", "f1", "f2", "f3"];

    public string Model { get; } = $"m{Guid.NewGuid():N}"[..12];

    public Guid ModelId { get; private set; }

    public HttpClient Engineer { get; private set; } = default!;

    public HttpClient Viewer { get; private set; } = default!;

    public async Task StartAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        Engineer = await app.UserAsync($"meng{suffix}@it.test", "Engineer");
        var approver = await app.UserAsync($"mapp{suffix}@it.test", "Approver");
        Viewer = await app.UserAsync($"mview{suffix}@it.test", "Viewer");
        var created = await Engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = Model,
            task = "binary_classification",
            features = Numeric.Select(n => new { name = n, type = "numeric" }).Append(new { name = "plan", type = "categorical" }),
        });
        created.EnsureSuccessStatusCode();

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"artifact {Guid.NewGuid()}"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "model.zip");
        form.Add(new StringContent(JsonSerializer.Serialize(new { version = "1.0.0", metrics = new { accuracy = 0.9, f1 = 0.88 } })), "metadata");
        Assert.Equal(HttpStatusCode.Created, (await Engineer.PostAsync($"/api/v1/models/{Model}/versions", form)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Engineer.PostAsJsonAsync($"/api/v1/models/{Model}/versions/1.0.0/stage", new { stage = "Staging" })).StatusCode);
        var request = await Engineer.PostAsJsonAsync($"/api/v1/models/{Model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "ready" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "checked" })).StatusCode);
        await using var db = await Contexts.CreateDbContextAsync();
        ModelId = await db.Models.Where(m => m.Name == Model).Select(m => m.Id).SingleAsync();
    }

    public IDbContextFactory<PortalDbContext> Contexts => app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <summary>One window of rows as columns (what the CSV path would read), with the scores and labels logged.</summary>
    public sealed record Window(Dictionary<string, double[]> Numeric, string[] Plan, double[] Scores, double[] Predictions, double[] Labels);

    /// <summary>Rows drawn from N(0,1) per feature with <paramref name="shift"/> added to the named features (seeded).</summary>
    public static Window Draw(int rows, int seed, IReadOnlyDictionary<string, double>? shift = null, double planGold = 0.3, double accuracy = 0.9)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var numeric = Numeric.ToDictionary(n => n, n => Enumerable.Range(0, rows).Select(_ => Math.Round(Normal() + (shift?.GetValueOrDefault(n) ?? 0), 6)).ToArray());
        var plan = Enumerable.Range(0, rows).Select(_ => random.NextDouble() < planGold ? "gold" : "basic").ToArray();
        var scores = Enumerable.Range(0, rows).Select(i => Math.Round(1 / (1 + Math.Exp(-numeric["f0"][i])), 6)).ToArray();
        var predictions = scores.Select(s => s >= 0.5 ? 1.0 : 0.0).ToArray();
        var labels = predictions.Select(p => random.NextDouble() < accuracy ? p : 1 - p).ToArray();
        return new Window(numeric, plan, scores, predictions, labels);
    }

    /// <summary>Logs the window's rows, <paramref name="perTimestamp"/> at a time, starting at <paramref name="start"/>, one second apart.</summary>
    public async Task LogAsync(Window w, DateTime start, bool labelled = false, int perTimestamp = 10)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        for (var i = 0; i < w.Plan.Length; i++)
        {
            var inputs = "{" + string.Join(",", Numeric.Select(n => $"\"{n}\":{w.Numeric[n][i].ToString("R", CultureInfo.InvariantCulture)}")) + $",\"plan\":\"{w.Plan[i]}\"}}";
            db.Predictions.Add(new PredictionRecord
            {
                Id = Guid.CreateVersion7(),
                ModelId = ModelId,
                ModelName = Model,
                Version = "1.0.0",
                Inputs = inputs,
                Prediction = w.Predictions[i],
                Score = w.Scores[i],
                LatencyMs = 1,
                At = start.AddSeconds(i / perTimestamp),
                Label = labelled ? w.Labels[i] : null,
            });
        }

        await db.SaveChangesAsync();
    }
}
