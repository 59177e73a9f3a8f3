using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// Test and demo switch that makes a version fail or slow down on purpose, to watch health and rollback react:
/// <c>Portal:Serving:FaultInjection:{model}:{version}:ErrorRate</c> (0..1, the share of predictions that fail) and
/// <c>...:ExtraLatencyMs</c> (added to each prediction). Off unless configured, re-read when the configuration reloads
/// (edit appsettings.Development.json while the portal runs), and never active in Production: there the section is
/// ignored with a warning, so a stray setting cannot break live traffic.
/// </summary>
public sealed class FaultInjection
{
    public const string Section = "Portal:Serving:FaultInjection";

    private readonly IConfiguration config;
    private readonly bool enabled;
    private readonly ILogger<FaultInjection> logger;
    private volatile Dictionary<(string Model, string Version), Fault> faults = [];

    public FaultInjection(IConfiguration config, IHostEnvironment environment, ILogger<FaultInjection> logger)
    {
        this.config = config;
        this.logger = logger;
        enabled = !environment.IsProduction();
        Reload();
        ChangeToken.OnChange(config.GetReloadToken, Reload);
    }

    /// <summary>The fault configured for a version, or null (the usual case, one dictionary look-up when any is set).</summary>
    public Fault? For(string model, string version)
    {
        var current = faults;
        return current.Count > 0 && current.TryGetValue((model, version), out var fault) ? fault : null;
    }

    private void Reload()
    {
        var loaded = new Dictionary<(string, string), Fault>();
        foreach (var model in config.GetSection(Section).GetChildren())
        {
            foreach (var version in model.GetChildren())
            {
                var rate = Parse(version["ErrorRate"]);
                var latency = Parse(version["ExtraLatencyMs"]);
                if (rate > 0 || latency > 0)
                {
                    loaded[(model.Key, version.Key)] = new Fault(Math.Clamp(rate, 0, 1), Math.Max(0, latency));
                }
            }
        }

        if (loaded.Count > 0 && !enabled)
        {
            logger.LogWarning("{Section} is set but ignored in Production.", Section);
            loaded.Clear();
        }
        else if (loaded.Count > 0)
        {
            logger.LogWarning("Fault injection active for {Versions}.", string.Join(", ", loaded.Select(f => $"{f.Key.Item1}@{f.Key.Item2} ({f.Value})")));
        }

        faults = loaded;
    }

    private static double Parse(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : 0;
}

/// <summary>An injected fault: the share of predictions that fail, and the delay added to each.</summary>
public sealed record Fault(double ErrorRate, double ExtraLatencyMs)
{
    public bool FailsNow() => ErrorRate > 0 && Random.Shared.NextDouble() < ErrorRate;
}
