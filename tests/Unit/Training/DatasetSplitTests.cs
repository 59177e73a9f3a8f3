using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Training;

public sealed class DatasetSplitTests
{
    [Theory]
    [InlineData(1000, 0.07, 0.2, 1)]
    [InlineData(997, 0.5, 0.25, 2)]
    [InlineData(333, 0.013, 0.3, 3)]
    [InlineData(50, 0.9, 0.2, 4)]
    public void Binary_split_keeps_the_positive_rate_within_one_row_in_both_parts(int rows, double rate, double fraction, int seed)
    {
        var labels = Labels(rows, rate, seed);
        var positives = labels.Count(l => l == 1);

        var split = DatasetSplit.TrainValidation(ModelTask.BinaryClassification, rows, labels, fraction, seed);

        foreach (var part in new[] { split.Train, split.Validation })
        {
            var expected = part.Length * positives / (double)rows;
            Assert.InRange(part.Count(i => labels[i] == 1), expected - 1, expected + 1);
        }

        Assert.InRange(split.Validation.Length, (fraction * rows) - 1, (fraction * rows) + 1);
        AssertPartition(split, rows);
    }

    [Fact]
    public void Same_seed_same_split_and_another_seed_another_split()
    {
        var labels = Labels(500, 0.3, 1);

        var a = DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 500, labels, 0.2, 7);
        var b = DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 500, labels, 0.2, 7);
        var c = DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 500, labels, 0.2, 8);

        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Fact]
    public void Regression_split_is_random_not_ordered_by_label()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();

        var split = DatasetSplit.TrainValidation(ModelTask.Regression, 1000, labels, 0.2, 3);

        AssertPartition(split, 1000);
        Assert.Equal(200, split.Validation.Length);
        // Spread over the whole range, not the first or last fifth.
        Assert.InRange(split.Validation.Average(), 400, 600);
    }

    [Fact]
    public void Anomaly_split_stratifies_on_labels_when_present_and_splits_randomly_without()
    {
        var labels = Labels(1000, 0.02, 5);
        var anomalies = labels.Count(l => l == 1);

        var stratified = DatasetSplit.TrainValidation(ModelTask.AnomalyDetection, 1000, labels, 0.25, 5);
        var unlabeled = DatasetSplit.TrainValidation(ModelTask.AnomalyDetection, 1000, null, 0.25, 5);

        Assert.Equal(Math.Round(anomalies * 0.25, MidpointRounding.AwayFromZero), stratified.Validation.Count(i => labels[i] == 1));
        AssertPartition(unlabeled, 1000);
        Assert.Equal(250, unlabeled.Validation.Length);
    }

    [Fact]
    public void Tiny_dataset_still_gets_both_parts()
    {
        var split = DatasetSplit.TrainValidation(ModelTask.Regression, 2, [1f, 2f], 0.1, 1);

        Assert.Single(split.Train);
        Assert.Single(split.Validation);
    }

    [Fact]
    public void One_class_binary_labels_are_refused_naming_the_label()
    {
        var ex = Assert.Throws<DomainException>(() => DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 3, [0f, 0f, 0f], 0.2, 1));

        Assert.Equal(FailureKind.Validation, ex.Kind);
        Assert.StartsWith("label:", ex.Message);
        Assert.Throws<DomainException>(() => DatasetSplit.TrainValidation(ModelTask.Regression, 10, null, 1.0, 1));
        Assert.Throws<DomainException>(() => DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 10, [1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], 0.2, 1));
    }

    [Fact]
    public void A_rare_class_with_two_rows_lands_on_both_sides()
    {
        float[] labels = [.. Enumerable.Repeat(0f, 98), 1f, 1f];

        var split = DatasetSplit.TrainValidation(ModelTask.BinaryClassification, 100, labels, 0.2, 1);

        Assert.Single(split.Validation, i => labels[i] == 1);
        Assert.Single(split.Train, i => labels[i] == 1);
    }

    [Fact]
    public void Subsample_takes_a_stratified_share_with_every_class_present()
    {
        var labels = Labels(1000, 0.01, 9);
        var rows = Enumerable.Range(0, 1000).Where(i => i % 2 == 0).ToArray();

        var sample = DatasetSplit.Subsample(rows, labels, 0.05, 3);

        Assert.InRange(sample.Length, 24, 26);
        Assert.All(sample, i => Assert.Contains(i, rows));
        Assert.Contains(sample, i => labels[i] == 1);
        Assert.Equal(sample, DatasetSplit.Subsample(rows, labels, 0.05, 3));
        Assert.Equal(rows, DatasetSplit.Subsample(rows, labels, 1, 3));
    }

    private static float[] Labels(int rows, double rate, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ => rng.NextDouble() < rate ? 1f : 0f)];
    }

    private static void AssertPartition(SplitIndices split, int rows)
    {
        Assert.Equal(Enumerable.Range(0, rows), split.Train.Concat(split.Validation).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(split.Validation.Order(), split.Validation);
    }
}
