using ScottPlot;

namespace ModelLifecycle.Portal.Charts;

/// <summary>Colours of the PSI severity bands, matched case-insensitively by band name.</summary>
internal static class SeverityPalette
{
    public static readonly string[] Bands = ["none", "moderate", "high", "critical"];

    public static Color ColorOf(string severity) => severity.ToUpperInvariant() switch
    {
        "MODERATE" => Color.FromHex("#E0A800"),
        "HIGH" => Color.FromHex("#F07C00"),
        "CRITICAL" => Color.FromHex("#D32F2F"),
        _ => Color.FromHex("#8A9A8E"),
    };
}
