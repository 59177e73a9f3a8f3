using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ScottPlot;

namespace ModelLifecycle.Portal.Charts;

/// <summary>Chart colours of drift severities, through the same tone scale as the portal's chips and banners.</summary>
internal static class SeverityPalette
{
    public static readonly string[] Bands = ["none", "moderate", "high", "critical"];

    public static Color ColorOf(string severity) =>
        Enum.TryParse<DriftSeverity>(severity, ignoreCase: true, out var parsed) ? ColorOf(DriftVerdict.ToneOf(parsed)) : ColorOf(DriftTone.Calm);

    // The MudBlazor default palette's error, warning, info and success colours, so a bar and its chip match.
    public static Color ColorOf(DriftTone tone) => tone switch
    {
        DriftTone.Alert => Color.FromHex("#F64E62"),
        DriftTone.Caution => Color.FromHex("#FFA800"),
        DriftTone.Notice => Color.FromHex("#2196F3"),
        _ => Color.FromHex("#00C853"),
    };
}
