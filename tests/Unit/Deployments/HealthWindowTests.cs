using System.Globalization;
using System.Text.Json;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class HealthWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> PercentileCases() => [.. Enumerable.Range(0, LoadCases().Count)];

    [Theory]
    [MemberData(nameof(PercentileCases))]
    public void Nearest_rank_percentiles_match_the_exact_reference_checked_against_numpy(int index)
    {
        var item = LoadCases()[index];
        var sorted = item.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).Order().ToArray();

        foreach (var expected in item.GetProperty("percentiles").EnumerateObject())
        {
            var percent = decimal.Parse(expected.Name, CultureInfo.InvariantCulture);
            Assert.Equal(expected.Value.GetDouble(), Percentile.NearestRank(sorted, percent));
        }
    }

    [Fact]
    public void P95_of_one_to_hundred_is_exactly_the_95th_value()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(95, Percentile.NearestRank(sorted, 95m));
        Assert.Equal(50, Percentile.NearestRank(sorted, 50m));
        Assert.Equal(1, Percentile.NearestRank(sorted, 0m));
        Assert.True(double.IsNaN(Percentile.NearestRank([], 95m)));
    }

    [Fact]
    public void Counts_rates_and_latency_over_the_window()
    {
        // 100 requests with latencies 1..100 ms; every tenth fails.
        var observations = Enumerable.Range(1, 100)
            .Select(i => new HealthObservation(Now.AddSeconds(-i), Succeeded: i % 10 != 0, LatencyMs: i))
            .ToList();

        var health = HealthWindow.Default.Compute("1.1.0", observations, Now);

        Assert.Equal(100, health.Requests);
        Assert.Equal(10, health.Errors);
        Assert.Equal(0.1, health.ErrorRate);
        Assert.Equal(50, health.LatencyP50Ms);
        Assert.Equal(95, health.LatencyP95Ms);
        Assert.Null(health.Accuracy);
        Assert.Null(health.Mae);
    }

    [Fact]
    public void The_window_is_open_at_its_start_and_closed_at_now()
    {
        var window = new HealthWindow(TimeSpan.FromMinutes(1));
        HealthObservation[] observations =
        [
            new(Now.AddMinutes(-1), true, 1),              // exactly at the start: outside
            new(Now.AddMinutes(-1).AddTicks(1), true, 2),  // just inside
            new(Now, true, 3),                             // now: inside
            new(Now.AddTicks(1), true, 4),                 // future: waits for its window
        ];

        var health = window.Compute("1.0.0", observations, Now);

        Assert.Equal(2, health.Requests);
        Assert.Equal(2, health.LatencyP50Ms);
        Assert.Equal(3, health.LatencyP95Ms);
    }

    [Fact]
    public void An_empty_window_has_no_latency()
    {
        var health = HealthWindow.Default.Compute("1.0.0", [new(Now.AddHours(-1), false, 5)], Now);

        Assert.Equal(VersionHealth.Empty("1.0.0"), health);
        Assert.Equal(0, health.ErrorRate);
    }

    [Fact]
    public void Labels_give_accuracy_and_absolute_errors_give_mae()
    {
        HealthObservation[] observations =
        [
            new(Now, true, 10, Correct: true),
            new(Now, true, 10, Correct: true),
            new(Now, true, 10, Correct: false),
            new(Now, true, 10, Correct: true),
            new(Now, true, 10, AbsoluteError: 1.5),
            new(Now, true, 10, AbsoluteError: -0.5),
            new(Now, false, 10),
        ];

        var health = HealthWindow.Default.Compute("1.0.0", observations, Now);

        Assert.Equal(7, health.Requests);
        Assert.Equal(4, health.AccuracySamples);
        Assert.Equal(0.75, health.Accuracy);
        Assert.Equal(2, health.MaeSamples);
        Assert.Equal(1.0, health.Mae);
    }

    private static List<JsonElement> LoadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "deployments", "percentile_cases.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }
}
