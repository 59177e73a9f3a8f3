using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

/// <summary>The saved artifact as serving sees it: loaded cold, fed features by name, no knowledge of the trainer.</summary>
public sealed class SavedModelTests : IDisposable
{
    private readonly List<string> files = [];

    public void Dispose()
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(RetrainingRunTests.Families), MemberType = typeof(RetrainingRunTests))]
    public async Task Saved_model_declares_features_by_name_and_scores_a_row(ModelTask task, TrainerFamily family)
    {
        var request = TrainingData.Request(task, family, trials: 1);
        var result = await new RetrainingRun(TimeProvider.System).RunAsync(request);

        var ml = new MLContext(seed: 1);
        using var artifact = new MemoryStream(result.Artifact);
        var model = ml.Model.Load(artifact, out var input);

        Assert.Equal(request.Features.Select(f => f.Name), input.Select(c => c.Name));
        Assert.All(request.Features, f => Assert.Equal(
            f.Type == FeatureType.Numeric ? NumberDataViewType.Single : (DataViewType)TextDataViewType.Instance,
            input[f.Name].Type));

        var scored = model.Transform(OneRow(ml, input, request.Data, row: 0));
        Assert.True(float.IsFinite(scored.GetColumn<float>("Score").Single()));
        if (task == ModelTask.BinaryClassification)
        {
            Assert.InRange(scored.GetColumn<float>("Probability").Single(), 0f, 1f);
            Assert.Single(scored.GetColumn<bool>("PredictedLabel"));
        }
    }

    [Fact]
    public async Task Saved_binary_model_scores_rows_as_validation_did()
    {
        var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1);
        var result = await new RetrainingRun(TimeProvider.System).RunAsync(request);
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(new MemoryStream(result.Artifact), out var input);

        // A high-debt, low-income applicant in the risky region scores above a low-debt, high-income one.
        var risky = Score(ml, model, input, new() { ["income"] = "15000", ["debt_ratio"] = "0.9", ["age"] = "25", ["open_accounts"] = "11", ["region"] = "south" });
        var safe = Score(ml, model, input, new() { ["income"] = "150000", ["debt_ratio"] = "0.05", ["age"] = "60", ["open_accounts"] = "1", ["region"] = "north" });

        Assert.True(risky > safe, $"risky {risky} vs safe {safe}");
    }

    // Writes rows to a CSV and loads it with columns typed from the model's declared input, as a server would.
    private IDataView OneRow(MLContext ml, DataViewSchema input, TabularDataset data, int row) =>
        Load(ml, input, input.ToDictionary(
            c => c.Name,
            c => data.Numeric.TryGetValue(c.Name, out var n) ? n[row].ToString("R", CultureInfo.InvariantCulture) : data.Categorical[c.Name][row]));

    private float Score(MLContext ml, ITransformer model, DataViewSchema input, Dictionary<string, string> features) =>
        model.Transform(Load(ml, input, features)).GetColumn<float>("Score").Single();

    private IDataView Load(MLContext ml, DataViewSchema input, Dictionary<string, string> features)
    {
        var path = Path.Combine(Path.GetTempPath(), $"score-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join(',', input.Select(c => features[c.Name])) + "\n", Encoding.UTF8);
        var columns = input.Select(c => new TextLoader.Column(c.Name, c.Type is TextDataViewType ? DataKind.String : DataKind.Single, c.Index)).ToArray();
        files.Add(path);
        return ml.Data.LoadFromTextFile(path, columns, separatorChar: ',');
    }
}
