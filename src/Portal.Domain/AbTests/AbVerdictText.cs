using System.Globalization;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>The verdict in words, one sentence for the API and the page (so both say the same).</summary>
public static class AbVerdictText
{
    public static string Describe(AbEvaluation evaluation, AbMetric metric, int minSamplesPerArm, double alpha, bool stopped)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var fewest = Math.Min(evaluation.A.Samples, evaluation.B.Samples);
        var c = evaluation.Comparison;
        var interval = c is null ? "" : $" ({Level(alpha)} % CI {Amount(c.CiLow, metric)} to {Amount(c.CiHigh, metric)}, {P(c.PValue)})";
        if (fewest < minSamplesPerArm || c is null)
        {
            var count = $"{fewest} of {minSamplesPerArm} per arm";
            return stopped ? $"Stopped before the minimum samples were reached ({count}); no verdict." : $"Not enough samples yet: {count}.";
        }

        var unit = metric.Unit();
        return evaluation.Status switch
        {
            AbTestStatus.WinnerB => $"B ({evaluation.B.Version}) is {Better(metric)} by {Amount(Math.Abs(c.Difference), metric)} {unit}{interval}.",
            AbTestStatus.WinnerA => $"A ({evaluation.A.Version}) is {Better(metric)} by {Amount(Math.Abs(c.Difference), metric)} {unit}{interval}.",
            _ => $"No significant difference at alpha {alpha.ToString("0.###", CultureInfo.InvariantCulture)}: B − A = {Amount(c.Difference, metric)} {unit}{interval}.",
        };
    }

    private static string Better(AbMetric metric) => metric switch
    {
        AbMetric.Latency => "faster",
        AbMetric.ErrorRate => "better (fewer errors)",
        _ => "better",
    };

    /// <summary>Percentage points for shares, milliseconds for latency, one decimal.</summary>
    private static string Amount(double value, AbMetric metric) =>
        (metric == AbMetric.Latency ? value : value * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Level(double alpha) => ((1 - alpha) * 100).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"p = 0.012", or "p &lt; 0.001" below three decimals.</summary>
    private static string P(double p) => p < 0.001 ? "p < 0.001" : "p = " + p.ToString("0.000", CultureInfo.InvariantCulture);
}
