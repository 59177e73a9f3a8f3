namespace ModelLifecycle.Drift.Bench;

/// <summary>
/// Seeded synthetic windows: feature f's reference is N(0, 1); its current window is N(shift_f, scale_f) with every
/// fifth feature shifted (0.02·k sd) and every seventh rescaled, the rest unchanged. Same parameters as
/// bench/scipy_loop.py (which uses numpy's generator, so the same distribution, not the same numbers).
/// </summary>
internal static class SyntheticData
{
    public static (double Shift, double Scale) Drift(int feature) =>
        (feature % 5 == 0 ? 0.05 * ((feature / 5) + 1) : 0.0, feature % 7 == 3 ? 1.1 : 1.0);

    public static double[] Normal(int count, double mean, double scale, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i += 2)
        {
            // Box–Muller: two independent normals per pair of uniforms.
            var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2.0 * Math.PI * random.NextDouble();
            values[i] = mean + (scale * radius * Math.Cos(angle));
            if (i + 1 < count)
            {
                values[i + 1] = mean + (scale * radius * Math.Sin(angle));
            }
        }

        return values;
    }
}
