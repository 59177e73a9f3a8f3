namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// The sliding window health is judged over: observations with now − <see cref="Length"/> &lt; at ≤ now.
/// Observations stamped after now (another node's clock running ahead) wait for the window that contains them
/// rather than being counted twice.
/// </summary>
public sealed record HealthWindow(TimeSpan Length)
{
    /// <summary>Five minutes: ten evaluations at the 30 s cadence see overlapping but fresh evidence.</summary>
    public static HealthWindow Default { get; } = new(TimeSpan.FromMinutes(5));

    public VersionHealth Compute(string version, IEnumerable<HealthObservation> observations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var start = now - Length;
        var latencies = new List<double>();
        int errors = 0, accuracySamples = 0, correct = 0, maeSamples = 0;
        var absoluteErrors = 0.0;
        foreach (var observation in observations)
        {
            if (observation.At <= start || observation.At > now)
            {
                continue;
            }

            latencies.Add(observation.LatencyMs);
            if (!observation.Succeeded)
            {
                errors++;
            }

            if (observation.Correct is { } isCorrect)
            {
                accuracySamples++;
                correct += isCorrect ? 1 : 0;
            }

            if (observation.AbsoluteError is { } absoluteError)
            {
                maeSamples++;
                absoluteErrors += Math.Abs(absoluteError);
            }
        }

        if (latencies.Count == 0)
        {
            return VersionHealth.Empty(version);
        }

        latencies.Sort();
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(latencies);
        return new VersionHealth(
            version,
            latencies.Count,
            errors,
            Percentile.NearestRank(sorted, 50m),
            Percentile.NearestRank(sorted, 95m),
            accuracySamples,
            correct,
            maeSamples,
            maeSamples == 0 ? null : absoluteErrors / maeSamples);
    }
}
