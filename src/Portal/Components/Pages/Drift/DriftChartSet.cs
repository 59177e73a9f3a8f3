using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Portal.Components.Pages.Drift;

/// <summary>Maps stored drift reports onto the server-rendered charts of the Drift page.</summary>
public static class DriftChartSet
{
    /// <summary>PSI bars with the model's own PSI thresholds drawn as the band lines.</summary>
    public static string Psi(DriftReportView report, DriftThresholds thresholds) => DriftCharts.PsiBars(
        report.Features.Where(f => f.Psi is not null).Select(f => new FeaturePsi(f.Name, f.Psi!.Value, f.Severity.ToString())).ToList(),
        thresholds.PsiModerate, thresholds.PsiHigh, thresholds.PsiCritical);

    /// <summary>Drift share and worst PSI over time, with the model's dataset-drift share as the threshold line.</summary>
    public static string? OverTime(IReadOnlyList<DriftReportSummary> reports, DriftThresholds thresholds) => reports.Count == 0
        ? null
        : DriftCharts.DriftOverTime(reports.OrderBy(r => r.CreatedAt).Select(r => new DriftPoint(r.CreatedAt, r.DriftShare, r.MaxPsi)).ToList(), thresholds.DatasetDriftShare);

    /// <summary>ECDFs with the KS distance and overlaid histograms for a numeric feature; category shares for a categorical one.</summary>
    public static List<(string Svg, string Id)> ForFeature(DriftReportDetail detail, string feature)
    {
        var d = detail.Distributions.FirstOrDefault(x => x.Feature == feature);
        var stats = detail.Report.Features.FirstOrDefault(f => f.Name == feature);
        if (d is null)
        {
            return [(DriftCharts.Histogram(feature, [], [], []), "chart-histogram")];
        }

        if (d.Categories is not null)
        {
            return [(DriftCharts.CategoryBars(feature, d.Categories, d.ReferenceShares ?? [], d.CurrentShares ?? []), "chart-categories")];
        }

        return
        [
            (DriftCharts.Ecdf(feature, d.Edges!, d.ReferenceCounts!, d.CurrentCounts!, stats?.Ks ?? 0, d.KsLocation ?? d.Edges![0]), "chart-ecdf"),
            (DriftCharts.Histogram(feature, d.Edges!, d.ReferenceCounts!, d.CurrentCounts!), "chart-histogram"),
        ];
    }
}
