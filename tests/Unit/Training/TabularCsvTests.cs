using System.Text;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class TabularCsvTests
{
    [Fact]
    public async Task A_csv_path_trains_the_same_model_as_the_same_rows_in_memory()
    {
        var data = TrainingData.Binary(rows: 600);
        var path = Path.Combine(Path.GetTempPath(), $"credit-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, data.ToCsv());
        try
        {
            var read = TabularCsv.Read(path, data.Features, ModelTask.BinaryClassification);

            Assert.Equal(data.Label, read.Label);
            Assert.Equal(data.Numeric["income"], read.Numeric["income"]);
            Assert.Equal(data.Categorical["region"], read.Categorical["region"]);
            var run = new RetrainingRun(TimeProvider.System);
            var request = TrainingData.Request(ModelTask.BinaryClassification, TrainerFamily.FastTree, trials: 1) with { Data = data };
            var fromMemory = await run.RunAsync(request);
            var fromCsv = await run.RunAsync(request with { Data = read });
            Assert.Equal(fromMemory.Metrics, fromCsv.Metrics);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Empty_numeric_cells_are_missing_and_labels_accept_words()
    {
        var data = Read("a,b,label\n1.5,x,true\n,y,0\n", ModelTask.BinaryClassification);

        Assert.Equal([1.5f, float.NaN], data.Numeric["a"]);
        Assert.Equal(["x", "y"], data.Categorical["b"]);
        Assert.Equal([1f, 0f], data.Label);
    }

    [Theory]
    [InlineData("a,b,label\n1,x,1\nabc,y,0\n", "a: row 2 has 'abc', not a number.")]
    [InlineData("a,b,label\n1,x,1\n2,y,2\n", "label: row 2 has '2'; a BinaryClassification label is 0/1 or false/true.")]
    [InlineData("a,label\n1,1\n", "b: column missing from the CSV header.")]
    [InlineData("a,b\n1,x\n", "label: column missing from the CSV header.")]
    [InlineData("", "file: the CSV is empty; it needs a header row.")]
    public void Bad_input_is_refused_naming_the_column_and_row(string csv, string message)
    {
        var ex = Assert.Throws<DomainException>(() => Read(csv, ModelTask.BinaryClassification));

        Assert.Equal(FailureKind.Validation, ex.Kind);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_feature_missing_from_the_dataset_is_refused_before_training()
    {
        var data = TrainingData.Binary(rows: 100);
        FeatureDefinition[] features = [.. data.Features, new("tenure", FeatureType.Numeric)];

        var ex = Assert.Throws<DomainException>(() => new TrainingPipeline(data, features, ModelTask.BinaryClassification, 0.2, 1));

        Assert.Equal("tenure: the dataset has no numeric column for this feature.", ex.Message);
    }

    private static TabularDataset Read(string csv, ModelTask task) =>
        TabularCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "t", [new("a", FeatureType.Numeric), new("b", FeatureType.Categorical)], task);
}
