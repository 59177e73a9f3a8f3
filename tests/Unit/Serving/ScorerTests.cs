using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Portal.Serving;
using ModelLifecycle.Tests.Unit.Training;

namespace ModelLifecycle.Tests.Unit.Serving;

/// <summary>The scorers against independent references: ML.NET's own PredictionEngine, and numpy's outputs for the committed ONNX model.</summary>
public sealed class ScorerTests
{
    public static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Data", "serving", file);

    public static IReadOnlyList<FeatureDefinition> OnnxFeatures { get; } =
        [new("income_k", FeatureType.Numeric), new("debt_ratio", FeatureType.Numeric), new("age", FeatureType.Numeric)];

    public static Dictionary<string, JsonElement> OnnxHyperparameters { get; } = new()
    {
        [OnnxConvention.InputKey] = JsonSerializer.SerializeToElement("features"),
        [OnnxConvention.OutputKey] = JsonSerializer.SerializeToElement("probability"),
    };

    [Fact]
    public void Onnx_model_scores_the_committed_expected_outputs()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(DataPath("tiny_logistic_expected.json"))).RootElement;
        using var scorer = OnnxScorer.Load(File.ReadAllBytes(DataPath("tiny_logistic.onnx")), "1.0.0", ModelTask.BinaryClassification, OnnxFeatures, OnnxHyperparameters);

        var cases = expected.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(5, cases.Count);
        foreach (var c in cases)
        {
            var row = Row(OnnxFeatures, c.GetProperty("features"));
            var scored = scorer.Score(row);
            Assert.Equal(c.GetProperty("probability").GetDouble(), scored.Score, 6);
            Assert.Equal(c.GetProperty("prediction").GetDouble(), scored.Prediction);
        }
    }

    [Fact]
    public void Onnx_output_name_comes_from_the_metadata_when_the_graph_has_several()
    {
        var bytes = File.ReadAllBytes(DataPath("tiny_logistic.onnx"));
        var refused = Assert.Throws<DomainException>(() => OnnxScorer.Load(bytes, "1.0.0", ModelTask.BinaryClassification, OnnxFeatures, new Dictionary<string, JsonElement>()));
        Assert.Contains(OnnxConvention.OutputKey, refused.Message);
        Assert.Contains("logit", refused.Message);

        // The graph's only input needs no name; the configured output is used (the logit read as a regression value).
        using var logit = OnnxScorer.Load(bytes, "1.0.0", ModelTask.Regression, OnnxFeatures, new Dictionary<string, JsonElement> { [OnnxConvention.OutputKey] = JsonSerializer.SerializeToElement("logit") });
        var row = Row(OnnxFeatures, JsonDocument.Parse("""{"income_k":20,"debt_ratio":0.9,"age":25}""").RootElement);
        Assert.Equal(3.0, logit.Score(row).Score, 5);

        var unknown = Assert.Throws<DomainException>(() => OnnxScorer.Load(bytes, "1.0.0", ModelTask.BinaryClassification, OnnxFeatures, new Dictionary<string, JsonElement> { [OnnxConvention.OutputKey] = JsonSerializer.SerializeToElement("proba") }));
        Assert.Contains("no output 'proba'", unknown.Message);
    }

    [Fact]
    public async Task MlNet_binary_model_scores_exactly_as_its_own_prediction_engine()
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1);
        var result = await new RetrainingRun(TimeProvider.System).RunAsync(request);
        var scorer = MlNetScorer.Load(new MemoryStream(result.Artifact), "1.0.0", ModelTask.BinaryClassification, request.Features);

        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(new MemoryStream(result.Artifact), out _);
        using var engine = ml.Model.CreatePredictionEngine<CreditRow, BinaryOutput>(model);
        var data = request.Data;
        for (var i = 0; i < 200; i++)
        {
            var typed = new CreditRow
            {
                Income = data.Numeric["income"][i],
                DebtRatio = data.Numeric["debt_ratio"][i],
                Age = data.Numeric["age"][i],
                OpenAccounts = data.Numeric["open_accounts"][i],
                Region = data.Categorical["region"][i],
            };
            var reference = engine.Predict(typed);
            var ours = scorer.Score(Row(request.Features, data, i));

            Assert.Equal(reference.Probability, (float)ours.Score);
            Assert.Equal(reference.PredictedLabel ? 1 : 0, ours.Prediction);
        }
    }

    [Fact]
    public async Task MlNet_regression_model_scores_exactly_as_its_own_prediction_engine_from_many_threads()
    {
        var request = TrainingData.Request(ModelTask.Regression, TrainerFamily.FastTree, trials: 1);
        var result = await new RetrainingRun(TimeProvider.System).RunAsync(request);
        var scorer = MlNetScorer.Load(new MemoryStream(result.Artifact), "1.0.0", ModelTask.Regression, request.Features);

        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(new MemoryStream(result.Artifact), out _);
        using var engine = ml.Model.CreatePredictionEngine<HouseRow, RegressionOutput>(model);
        var data = request.Data;
        var expected = Enumerable.Range(0, 400).Select(i => engine.Predict(new HouseRow
        {
            Area = data.Numeric["area_m2"][i],
            Rooms = data.Numeric["rooms"][i],
            BuildingAge = data.Numeric["building_age"][i],
            City = data.Categorical["city"][i],
        }).Score).ToArray();

        // Pooled engines: concurrent callers never see each other's rows.
        var actual = new float[expected.Length];
        Parallel.For(0, expected.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = (float)scorer.Score(Row(request.Features, data, i)).Score);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task MlNet_model_is_refused_when_its_input_does_not_match_the_feature_schema()
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1);
        var result = await new RetrainingRun(TimeProvider.System).RunAsync(request);
        IReadOnlyList<FeatureDefinition> wrongType = [.. request.Features.Select(f => f.Name == "region" ? f with { Type = FeatureType.Numeric } : f)];
        var refused = Assert.Throws<DomainException>(() => MlNetScorer.Load(new MemoryStream(result.Artifact), "1.0.0", ModelTask.BinaryClassification, wrongType));
        Assert.Contains("region", refused.Message);

        IReadOnlyList<FeatureDefinition> missing = [.. request.Features.Where(f => f.Name != "age")];
        Assert.Contains("'age'", Assert.Throws<DomainException>(() => MlNetScorer.Load(new MemoryStream(result.Artifact), "1.0.0", ModelTask.BinaryClassification, missing)).Message);
    }

    internal static FeatureRow Row(IReadOnlyList<FeatureDefinition> schema, JsonElement features) =>
        PredictionInput.Parse(features, schema, PredictionInput.Positions(schema), "features");

    private static FeatureRow Row(IReadOnlyList<FeatureDefinition> schema, TabularDataset data, int i)
    {
        var row = new FeatureRow(schema);
        for (var f = 0; f < schema.Count; f++)
        {
            if (schema[f].Type == FeatureType.Numeric)
            {
                row.Numbers[f] = data.Numeric[schema[f].Name][i];
            }
            else
            {
                row.Texts[f] = data.Categorical[schema[f].Name][i];
            }
        }

        return row;
    }

    private sealed class CreditRow
    {
        [ColumnName("income")]
        public float Income { get; set; }

        [ColumnName("debt_ratio")]
        public float DebtRatio { get; set; }

        [ColumnName("age")]
        public float Age { get; set; }

        [ColumnName("open_accounts")]
        public float OpenAccounts { get; set; }

        [ColumnName("region")]
        public string Region { get; set; } = "";
    }

    private sealed class HouseRow
    {
        [ColumnName("area_m2")]
        public float Area { get; set; }

        [ColumnName("rooms")]
        public float Rooms { get; set; }

        [ColumnName("building_age")]
        public float BuildingAge { get; set; }

        [ColumnName("city")]
        public string City { get; set; } = "";
    }

    private sealed class BinaryOutput
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionOutput
    {
        public float Score { get; set; }
    }
}
