using System.Globalization;
using System.Text;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class DatasetValidatorTests
{
    private static readonly FeatureDefinition[] Schema = [new("income", FeatureType.Numeric), new("age", FeatureType.Numeric), new("region", FeatureType.Categorical)];

    private static DatasetCheck Check(string csv, ModelTask task = ModelTask.BinaryClassification, IReadOnlyList<FeatureDefinition>? schema = null) =>
        DatasetValidator.Check(new MemoryStream(Encoding.UTF8.GetBytes(csv)), schema ?? Schema, task);

    [Fact]
    public void Bad_rows_are_refused_with_their_spreadsheet_row_numbers_and_reasons()
    {
        var check = Check("income,age,region,label\n1000,30,north,0\n1,2,south,yes\nabc,40,east,1\n5,6,west,1\n7,8\n9,1e400,north,0\n");

        Assert.False(check.Valid);
        Assert.Equal(4, check.BadRowCount);
        Assert.Equal(4, check.BadRows.Count);
        Assert.StartsWith("row 3: 'label' is 'yes'", check.BadRows[0], StringComparison.Ordinal);
        Assert.StartsWith("row 4: 'income' is 'abc', not a number", check.BadRows[1], StringComparison.Ordinal);
        Assert.StartsWith("row 6: has 2 field(s) where the header has 4", check.BadRows[2], StringComparison.Ordinal);
        Assert.StartsWith("row 7: 'age' is '1e400'", check.BadRows[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_row_is_counted_but_only_the_first_twenty_are_described()
    {
        var csv = new StringBuilder("income,age,region,label\n");
        for (var i = 0; i < 50; i++)
        {
            csv.Append("x,1,north,0\n");
        }

        var check = Check(csv.ToString());

        Assert.Equal(50, check.BadRowCount);
        Assert.Equal(DatasetValidator.ListedBadRows, check.BadRows.Count);
        Assert.StartsWith("row 21:", check.BadRows[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_comma_decimal_is_not_a_number_in_the_invariant_culture()
    {
        var check = Check("income,age,region,label\n\"1,5\",30,north,0\n");

        Assert.Equal(["row 2: 'income' is '1,5', not a number (use '.' as the decimal point; at most ±1e300)"], check.BadRows);
    }

    [Fact]
    public void A_missing_label_column_is_refused_for_classification_and_regression_but_optional_for_anomaly_detection()
    {
        const string csv = "income,age,region\n1,2,north\n";

        var binary = Assert.Throws<DomainException>(() => Check(csv));
        Assert.Contains("lacks the column(s) 'label'", binary.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => Check(csv, ModelTask.Regression));

        var anomaly = Check(csv, ModelTask.AnomalyDetection);
        Assert.True(anomaly.Valid);
        Assert.Equal([new LabelCount("0", 0), new LabelCount("1", 0), new LabelCount("unlabelled", 1)], anomaly.Summary.Labels);
    }

    [Fact]
    public void A_header_that_does_not_match_the_schema_names_the_missing_and_the_unknown_columns()
    {
        var ex = Assert.Throws<DomainException>(() => Check("Income,age,region,label,customer_id\n1,2,north,0,7\n"));

        Assert.Equal(FailureKind.Validation, ex.Kind);
        Assert.Contains("lacks the column(s) 'income'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not know: 'Income', 'customer_id'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_column_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => Check("income,age,age,region,label\n1,2,3,north,0\n"));

        Assert.Contains("'age' more than once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the CSV is empty")]
    [InlineData("income,age,region,label\n", "header but no data rows")]
    public void Empty_and_header_only_files_are_refused(string csv, string expected)
    {
        var ex = Assert.Throws<DomainException>(() => Check(csv));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regression_label_must_be_a_number_in_every_row()
    {
        var check = Check("income,age,region,label\n1,2,north,250.5\n1,2,north,\n1,2,north,cheap\n", ModelTask.Regression);

        Assert.Equal(2, check.BadRowCount);
        Assert.StartsWith("row 3: 'label' is empty", check.BadRows[0], StringComparison.Ordinal);
        Assert.StartsWith("row 4: 'label' is 'cheap', not a number", check.BadRows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_matches_statistics_computed_independently_with_missing_values_left_out()
    {
        var rng = new Random(5);
        var rows = Enumerable.Range(0, 500).Select(i => (
            Income: i % 17 == 0 ? (double?)null : Math.Round(20_000 + (rng.NextDouble() * 80_000), 2),
            Age: i % 23 == 0 ? (double?)null : rng.Next(18, 90),
            Region: i % 31 == 0 ? "" : new[] { "north", "south", "east" }[rng.Next(3)],
            Label: rng.NextDouble() < 0.3 ? "1" : (i % 2 == 0 ? "false" : "0"))).ToList();
        var csv = new StringBuilder("region,label,age,income\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Region},{r.Label},{(r.Age is { } a ? a.ToString(CultureInfo.InvariantCulture) : "NA")},{(r.Income is { } x ? x.ToString(CultureInfo.InvariantCulture) : "")}\n");
        }

        var check = Check(csv.ToString());

        Assert.True(check.Valid);
        Assert.Equal(500, check.RowCount);
        var incomes = rows.Where(r => r.Income is not null).Select(r => r.Income!.Value).ToList();
        var income = check.Summary.Features.Single(f => f.Name == "income");
        Assert.Equal(incomes.Min(), income.Min);
        Assert.Equal(incomes.Max(), income.Max);
        Assert.Equal(incomes.Average(), income.Mean!.Value, 9);
        Assert.Equal(rows.Count(r => r.Income is null), income.Missing);
        var age = check.Summary.Features.Single(f => f.Name == "age");
        Assert.Equal(rows.Count(r => r.Age is null), age.Missing);
        Assert.Equal(rows.Where(r => r.Age is not null).Average(r => r.Age!.Value), age.Mean!.Value, 9);
        var region = check.Summary.Features.Single(f => f.Name == "region");
        Assert.Equal((null, null, null), (region.Min, region.Max, region.Mean));
        Assert.Equal(rows.Count(r => r.Region == ""), region.Missing);
        Assert.Equal(3, region.Distinct);
        // Features in schema order; labels normalised (false → 0).
        Assert.Equal(["income", "age", "region"], check.Summary.Features.Select(f => f.Name));
        Assert.Equal(
            [new LabelCount("0", rows.Count(r => r.Label != "1")), new LabelCount("1", rows.Count(r => r.Label == "1"))],
            check.Summary.Labels);
    }

    [Fact]
    public void A_skipped_blank_line_still_counts_as_a_row_so_numbers_match_the_file()
    {
        var check = Check("income,age,region,label\n1,2,north,0\n\n1,2,north,x\n");

        Assert.Equal(["row 4: 'label' is 'x'; a label is 0 or 1 (or false/true)"], check.BadRows);
    }

    [Fact]
    public void A_malformed_quote_refuses_its_row()
    {
        var check = Check("income,age,region,label\n1,2,north,0\n1,2,\"sou\"th,0\n");

        Assert.Equal(1, check.BadRowCount);
        Assert.StartsWith("row 3: malformed quoting", check.BadRows[0], StringComparison.Ordinal);
    }
}
