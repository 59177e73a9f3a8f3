using System.Text;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.DriftReports;

public sealed class DriftCsvTests
{
    private static readonly FeatureDefinition[] Schema = [new("age", FeatureType.Numeric), new("plan", FeatureType.Categorical)];

    private static Stream Csv(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static string Refusal(string csv) =>
        Assert.Throws<DomainException>(() => DriftCsv.Read(Csv(csv), Schema, "current")).Message;

    [Fact]
    public void Reads_columns_by_header_counting_empty_and_nan_as_missing()
    {
        var window = DriftCsv.Read(Csv("plan,age,label,score\nbasic,31,1,0.9\n\"pro, yearly\",,0,0.2\n,NaN,1,0.4\n"), Schema, "reference");

        Assert.Equal(3, window.Numeric["age"].Length);
        Assert.Equal(31, window.Numeric["age"][0]);
        Assert.True(double.IsNaN(window.Numeric["age"][1]));
        Assert.True(double.IsNaN(window.Numeric["age"][2]));
        Assert.Equal(["basic", "pro, yearly", null], window.Categorical["plan"]);
        Assert.Equal([0.9, 0.2, 0.4], window.Scores!);
    }

    [Fact]
    public void Non_numeric_value_is_refused_with_its_row_number()
    {
        var message = Refusal("age,plan\n30,a\n31,b\nthirty,c\n");
        Assert.Contains("'thirty'", message, StringComparison.Ordinal);
        Assert.Contains("row 4", message, StringComparison.Ordinal);
        Assert.Contains("'age'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_feature_column_is_named()
    {
        Assert.Contains("lacks the model's feature column(s): plan", Refusal("age\n30\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_column_is_refused()
    {
        Assert.Contains("not in the model's feature schema: income", Refusal("age,plan,income\n30,a,1\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Row_with_wrong_number_of_fields_is_refused_with_row_number()
    {
        var message = Refusal("age,plan\n30,a\n31,b,extra\n");
        Assert.Contains("malformed at row 3", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("age,plan\n")]
    public void Empty_window_is_refused(string csv)
    {
        Assert.Contains("current CSV", Refusal(csv), StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quote_is_refused_with_its_row_instead_of_swallowing_the_rest()
    {
        var rows = string.Concat(Enumerable.Range(0, 500).Select(i => i == 20 ? $"{i},\"pro\n" : $"{i},basic\n"));
        var message = Refusal("age,plan\n" + rows);
        Assert.Contains("row 22", message, StringComparison.Ordinal);
        Assert.Contains("quote", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stray_quote_inside_a_field_is_refused_with_its_row()
    {
        var message = Refusal("age,plan\n30,a\n31,b\"c\n32,d\n");
        Assert.Contains("row 3", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("1e301")]
    public void Huge_numbers_are_refused_naming_column_and_row(string value)
    {
        var message = Refusal($"age,plan\n30,a\n{value},b\n");
        Assert.Contains("row 3", message, StringComparison.Ordinal);
        Assert.Contains("'age'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_tokens_are_the_same_for_numeric_and_categorical_columns()
    {
        var window = DriftCsv.Read(Csv("age,plan\nNA,NA\nnan,nan\n , \n1,x\n"), Schema, "reference");
        Assert.Equal(3, window.Numeric["age"].Count(double.IsNaN));
        Assert.Equal([null, null, null, "x"], window.Categorical["plan"]);
        Assert.All(new[] { "", " ", "NaN", "na", null }, t => Assert.True(MissingValues.IsMissing(t)));
        Assert.False(MissingValues.IsMissing("0"));
    }
}
