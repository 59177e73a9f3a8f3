using System.Text.Json;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Tests.Unit.Serving;

public sealed class PredictionInputTests
{
    private static readonly IReadOnlyList<FeatureDefinition> Schema = [new("income", FeatureType.Numeric), new("region", FeatureType.Categorical), new("age", FeatureType.Numeric)];

    [Fact]
    public void Features_are_laid_out_in_schema_order_whatever_order_they_are_sent_in()
    {
        var row = Parse("""{"age":41,"region":"north","income":5.5}""");
        Assert.Equal([5.5f, 0f, 41f], row.Numbers);
        Assert.Equal("north", row.Texts[1]);
        Assert.Null(row.Texts[0]);
    }

    [Theory]
    [InlineData("""{"income":1,"region":"n"}""", "features.age is missing")]
    [InlineData("""{"income":1,"region":"n","age":2,"height":3}""", "features.height is not a feature")]
    [InlineData("""{"income":"NaN","region":"n","age":2}""", "features.income is numeric and must be a JSON number, not the string \"NaN\"")]
    [InlineData("""{"income":"12","region":"n","age":2}""", "features.income is numeric")]
    [InlineData("""{"income":null,"region":"n","age":2}""", "features.income is null")]
    [InlineData("""{"income":1e39,"region":"n","age":2}""", "features.income: 1e39 is beyond the range")]
    [InlineData("""{"income":1,"region":7,"age":2}""", "features.region is categorical and must be a string")]
    [InlineData("""{"income":1,"region":null,"age":2}""", "features.region is categorical")]
    [InlineData("""{"income":1,"income":2,"region":"n","age":2}""", "features.income is given more than once")]
    [InlineData("""[1,2,3]""", "features must be a JSON object")]
    [InlineData("""null""", "features is required")]
    public void Bad_features_are_refused_naming_the_field(string json, string expected)
    {
        var refused = Assert.Throws<DomainException>(() => Parse(json));
        Assert.Equal(FailureKind.Validation, refused.Kind);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Absent_features_are_refused()
    {
        var refused = Assert.Throws<DomainException>(() => PredictionInput.Parse(default, Schema, PredictionInput.Positions(Schema), "rows[3].features"));
        Assert.StartsWith("rows[3].features is required", refused.Message);
    }

    [Theory]
    [InlineData("true", ModelTask.BinaryClassification, 1)]
    [InlineData("false", ModelTask.BinaryClassification, 0)]
    [InlineData("1", ModelTask.BinaryClassification, 1)]
    [InlineData("0", ModelTask.AnomalyDetection, 0)]
    [InlineData("\"true\"", ModelTask.BinaryClassification, 1)]
    [InlineData("231.5", ModelTask.Regression, 231.5)]
    public void Labels_parse_by_task(string json, ModelTask task, double expected) =>
        Assert.Equal(expected, PredictionLabel.Parse(JsonDocument.Parse(json).RootElement, task));

    [Theory]
    [InlineData("2", ModelTask.BinaryClassification)]
    [InlineData("\"maybe\"", ModelTask.BinaryClassification)]
    [InlineData("null", ModelTask.BinaryClassification)]
    [InlineData("true", ModelTask.Regression)]
    [InlineData("\"3\"", ModelTask.Regression)]
    public void Bad_labels_are_refused_naming_the_field(string json, ModelTask task) =>
        Assert.StartsWith("label", Assert.Throws<DomainException>(() => PredictionLabel.Parse(JsonDocument.Parse(json).RootElement, task)).Message);

    private static FeatureRow Parse(string json) => PredictionInput.Parse(JsonDocument.Parse(json).RootElement, Schema, PredictionInput.Positions(Schema), "features");
}
