using System.Globalization;
using ModelLifecycle.Portal.Charts;

namespace ModelLifecycle.Tests.Unit.Charts;

public sealed class DriftChartsTests
{
    private static readonly double[] Edges = [0, 10, 20, 30, 40];
    private static readonly long[] ReferenceCounts = [25, 25, 25, 25];
    private static readonly long[] CurrentCounts = [10, 20, 30, 40];

    private static readonly Dictionary<string, Func<string>> Degenerate = new()
    {
        ["psi without features"] = () => DriftCharts.PsiBars([]),
        ["psi all NaN"] = () => DriftCharts.PsiBars([new FeaturePsi("age", double.NaN, "None")]),
        ["ecdf all-zero counts"] = () => DriftCharts.Ecdf("age", Edges, [0, 0, 0, 0], CurrentCounts, 0.1, 15),
        ["ecdf single bin"] = () => DriftCharts.Ecdf("age", [0, 1], [5], [3], 0.1, 0.5),
        ["ecdf NaN edge"] = () => DriftCharts.Ecdf("age", [0, double.NaN, 20, 30, 40], ReferenceCounts, CurrentCounts, 0.1, 15),
        ["histogram edges do not match counts"] = () => DriftCharts.Histogram("age", [0, 10], ReferenceCounts, CurrentCounts),
        ["histogram current window empty"] = () => DriftCharts.Histogram("age", Edges, ReferenceCounts, [0, 0, 0, 0]),
        ["categories empty"] = () => DriftCharts.CategoryBars("region", [], [], []),
        ["categories NaN share"] = () => DriftCharts.CategoryBars("region", ["north"], [double.NaN], [1.0]),
        ["drift over time without scans"] = () => DriftCharts.DriftOverTime([]),
        ["drift over time all NaN"] = () => DriftCharts.DriftOverTime([new DriftPoint(DateTime.UnixEpoch, double.NaN, double.NaN)]),
    };

    public static TheoryData<string> DegenerateCases => [.. Degenerate.Keys];

    [Fact]
    public void Psi_bars_show_feature_names_and_a_legend_naming_each_threshold()
    {
        var chart = SvgChart.Parse(DriftCharts.PsiBars(
        [
            new FeaturePsi("age", 0.03, "None"),
            new FeaturePsi("income", 0.14, "Moderate"),
            new FeaturePsi("tenure_months", 0.27, "High"),
            new FeaturePsi("credit_score", 0.62, "Critical"),
        ]));

        Assert.Equal(DriftCharts.PsiTitle, chart.Title);
        chart.AssertShows(DriftCharts.PsiTitle, "PSI", "age", "income", "tenure_months", "credit_score");
        chart.AssertShows("none", "moderate (≥ 0.1, dashed)", "high (≥ 0.2, dashed)", "critical (≥ 0.5, dashed)");
    }

    [Fact]
    public void Psi_bars_grow_taller_to_keep_fifty_features_readable()
    {
        var features = Enumerable.Range(0, 50).Select(i => new FeaturePsi($"feature_{i:00}", i / 100.0, "None")).ToList();

        var chart = SvgChart.Parse(DriftCharts.PsiBars(features));

        Assert.True(chart.Height >= 50 * 20, $"height {chart.Height}");
        chart.AssertShows([.. features.Select(f => f.Feature)]);
    }

    [Fact]
    public void Psi_bars_keep_a_feature_without_psi_and_escape_markup_in_names()
    {
        var chart = SvgChart.Parse(DriftCharts.PsiBars(
        [
            new FeaturePsi("a<b>&c", 0.3, "High"),
            new FeaturePsi("zip", double.NaN, "None"),
        ]));

        chart.AssertShows("a<b>&c", "zip (n/a)");
    }

    [Fact]
    public void Ecdf_shows_both_curves_axis_labels_and_the_ks_distance()
    {
        var chart = SvgChart.Parse(DriftCharts.Ecdf("age", Edges, ReferenceCounts, CurrentCounts, 0.123, 20));

        Assert.Equal("Cumulative distribution of age", chart.Title);
        chart.AssertShows("Cumulative distribution of age", "age", "cumulative share", "reference", "current", "KS D = 0.123");
    }

    [Fact]
    public void Ecdf_annotation_uses_a_decimal_point_whatever_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var chart = SvgChart.Parse(DriftCharts.Ecdf("age", Edges, ReferenceCounts, CurrentCounts, 0.25, 20));

            chart.AssertShows("KS D = 0.250");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Ecdf_without_a_ks_location_still_draws_the_curves()
    {
        var chart = SvgChart.Parse(DriftCharts.Ecdf("age", Edges, ReferenceCounts, CurrentCounts, double.NaN, double.NaN));

        chart.AssertShows("reference", "current", "KS D = n/a");
        Assert.DoesNotContain("No data", chart.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_shows_shares_of_rows_for_both_windows()
    {
        var chart = SvgChart.Parse(DriftCharts.Histogram("income", [double.NegativeInfinity, 10, 20, 30, double.PositiveInfinity], ReferenceCounts, [1000, 2000, 3000, 4000]));

        Assert.Equal("Distribution of income", chart.Title);
        chart.AssertShows("Distribution of income", "income", "share of rows", "reference", "current");
    }

    [Fact]
    public void Category_bars_name_every_category_and_both_windows()
    {
        var chart = SvgChart.Parse(DriftCharts.CategoryBars("region", ["north", "south", "east"], [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]));

        Assert.Equal("Categories of region", chart.Title);
        chart.AssertShows("Categories of region", "region", "share of rows", "north", "south", "east", "reference", "current");
    }

    [Fact]
    public void Category_bars_slant_many_long_names_and_make_room_for_them()
    {
        var categories = Enumerable.Range(0, 14).Select(i => $"category number {i}").ToList();
        var shares = Enumerable.Repeat(1 / 14.0, 14).ToArray();

        var chart = SvgChart.Parse(DriftCharts.CategoryBars("product", categories, shares, shares));

        chart.AssertShows([.. categories]);
        Assert.True(chart.Height > 360, $"height {chart.Height}");
    }

    [Fact]
    public void Drift_over_time_shows_both_series_and_the_dataset_drift_threshold()
    {
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var points = Enumerable.Range(0, 10).Select(i => new DriftPoint(start.AddDays(i), i / 10.0, i / 5.0)).ToList();

        var chart = SvgChart.Parse(DriftCharts.DriftOverTime(points));

        Assert.Equal(DriftCharts.DriftOverTimeTitle, chart.Title);
        chart.AssertShows(DriftCharts.DriftOverTimeTitle, "scan time", "share of drifted features", "drifted share", "max PSI", "dataset drift (0.500)");
    }

    [Fact]
    public void Drift_over_time_renders_a_single_scan()
    {
        var chart = SvgChart.Parse(DriftCharts.DriftOverTime([new DriftPoint(new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc), 0.3, 0.25)]));

        Assert.DoesNotContain("No data", chart.Title, StringComparison.Ordinal);
        chart.AssertShows("drifted share", "max PSI");
        Assert.Contains(chart.Root.Descendants(), e => e.Name.LocalName == "ellipse");
    }

    [Fact]
    public void Drift_over_time_labels_its_time_axis_in_iso_8601_utc()
    {
        var start = new DateTime(2025, 3, 1, 6, 0, 0, DateTimeKind.Utc);
        var points = Enumerable.Range(0, 6).Select(i => new DriftPoint(start.AddHours(i * 3), i / 10.0, i / 5.0)).ToList();

        var chart = SvgChart.Parse(DriftCharts.DriftOverTime(points));

        var timeLabels = chart.Texts.Where(t => t.StartsWith("2025-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(timeLabels);
        Assert.All(timeLabels, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?$", t));
        Assert.DoesNotContain(chart.Texts, t => t.Contains('/', StringComparison.Ordinal) || t.Contains(" AM", StringComparison.Ordinal) || t.Contains(" PM", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DegenerateCases))]
    public void Degenerate_input_gives_a_no_data_chart(string name)
    {
        var chart = SvgChart.Parse(Degenerate[name]());

        Assert.EndsWith("No data", chart.Title, StringComparison.Ordinal);
        chart.AssertShows("No data");
    }
}
