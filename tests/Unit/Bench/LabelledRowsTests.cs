using ModelLifecycle.Serving.Bench;

namespace ModelLifecycle.Tests.Unit.Bench;

/// <summary>The CSV reader behind bench/send-traffic.sh -c: features and labels of real rows, drift on numeric features.</summary>
public sealed class LabelledRowsTests
{
    private const string Csv = """
        income,debt_ratio,region,label
        24137.705,0.2,west,0
        19392.984,0.45,"north, coast",1
        ,0.3,east,1
        52000,NA,south,0
        61000,0.1,south,NaN
        1e4,0.5,east,1

        """;

    [Fact]
    public void Reads_features_by_column_type_and_labels_skipping_rows_with_a_missing_value()
    {
        var rows = LabelledRows.Read(new StringReader(Csv), "label");

        Assert.Equal(new[] { "income", "debt_ratio", "region" }, rows.Features);
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Skipped);
        Assert.True(rows.IsNumeric("income"));
        Assert.False(rows.IsNumeric("region"));
        Assert.True(rows.BinaryLabels);

        var second = rows.FeaturesOf(1);
        Assert.Equal(19392.984, second["income"]);
        Assert.Equal(0.45, second["debt_ratio"]);
        Assert.Equal("north, coast", second["region"]);
        Assert.Equal("1", rows.LabelJson(1));
        Assert.Equal(10_000.0, rows.FeaturesOf(2)["income"]);
        Assert.Equal(0.0, rows.LabelValue(0));
    }

    [Fact]
    public void Drift_scales_and_shifts_the_named_numeric_features_only()
    {
        var rows = LabelledRows.Read(new StringReader(Csv), "label", FeatureDrift.ParseList("income*0.5, debt_ratio+0.1"));

        var first = rows.FeaturesOf(0);
        Assert.Equal(24137.705 * 0.5, first["income"]);
        Assert.Equal(0.2 + 0.1, first["debt_ratio"]);
        Assert.Equal("west", first["region"]);
    }

    [Fact]
    public void Rows_as_sent_are_written_back_with_the_drift_applied_and_read_again()
    {
        var rows = LabelledRows.Read(new StringReader(Csv), "label", FeatureDrift.ParseList("debt_ratio-0.05"));
        var written = new StringWriter();
        rows.WriteCsv(written, [1, 0, 1], "label");

        var again = LabelledRows.Read(new StringReader(written.ToString()), "label");
        Assert.Equal(3, again.Count);
        Assert.Equal(0.45 - 0.05, again.FeaturesOf(0)["debt_ratio"]);
        Assert.Equal("north, coast", again.FeaturesOf(0)["region"]);
        Assert.Equal("0", again.LabelJson(1));
    }

    [Theory]
    [InlineData("income*0.6", "income", '*', 0.6)]
    [InlineData("debt_ratio+0.12", "debt_ratio", '+', 0.12)]
    [InlineData("debt-ratio-0.12", "debt-ratio", '+', -0.12)]
    [InlineData("amount*1e-3", "amount", '*', 0.001)]
    [InlineData("x*-2", "x", '*', -2)]
    public void Drift_specs_name_a_feature_an_operation_and_an_amount(string spec, string feature, char operation, double amount) =>
        Assert.Equal(new FeatureDrift(feature, operation, amount), FeatureDrift.Parse(spec));

    [Theory]
    [InlineData("label2", "no label column 'label2'")]
    [InlineData("label", "'region' is not numeric", "region+1")]
    [InlineData("label", "no feature 'age'", "age*2")]
    public void Refuses_a_missing_label_column_and_drift_on_unknown_or_categorical_features(string label, string message, string? drift = null)
    {
        var error = Assert.Throws<ArgumentException>(() => LabelledRows.Read(new StringReader(Csv), label, FeatureDrift.ParseList(drift)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_drift_spec_without_an_amount() =>
        Assert.Throws<ArgumentException>(() => FeatureDrift.Parse("income*"));
}
