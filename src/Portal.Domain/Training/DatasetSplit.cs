using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Seeded train/validation splits. Binary classification (and anomaly detection when labels are given) is
/// stratified: each class is shuffled on its own and ⌊f·n_c⌉ of it goes to validation, so each part's positive
/// count is within half a row of its share of the dataset's positives. Regression is a plain random split.
/// </summary>
public static class DatasetSplit
{
    /// <remarks>A class with two rows or more always has at least one row on each side.</remarks>
    /// <param name="labels">One label per row; for anomaly detection null when the data carries no label.</param>
    public static SplitIndices TrainValidation(ModelTask task, int rows, IReadOnlyList<float>? labels, double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw DomainException.Invalid($"validationFraction: must lie strictly between 0 and 1, not {validationFraction}.");
        }

        if (labels is not null && labels.Count != rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {rows} rows.", nameof(labels));
        }

        if (rows < 2)
        {
            throw DomainException.Invalid($"label: a train/validation split needs at least 2 rows, the dataset has {rows}.");
        }

        if (task == ModelTask.BinaryClassification)
        {
            var positives = labels?.Count(IsPositive) ?? throw new ArgumentNullException(nameof(labels), "Binary classification needs labels.");
            if (positives == 0 || positives == rows)
            {
                throw DomainException.Invalid($"label: binary classification needs both classes (0 and 1); all {rows} rows are {(positives == 0 ? 0 : 1)}.");
            }

            if (positives == 1 || positives == rows - 1)
            {
                // Training and validation must each see both classes, or neither a model nor an AUC exists.
                throw DomainException.Invalid($"label: binary classification needs at least 2 rows of each class; class {(positives == 1 ? 1 : 0)} has 1.");
            }
        }

        var all = Enumerable.Range(0, rows).ToArray();
        var stratified = task != ModelTask.Regression && labels is not null;
        var validation = Take(all, stratified ? labels : null, validationFraction, seed, atLeastOnePerClass: false);
        if (validation.Length == 0 || validation.Length == rows)
        {
            // Tiny datasets: rounding emptied a side; move one row so both parts exist.
            validation = validation.Length == 0 ? [all[new Random(seed).Next(rows)]] : validation[1..];
        }

        var inValidation = new bool[rows];
        foreach (var i in validation)
        {
            inValidation[i] = true;
        }

        return new SplitIndices([.. all.Where(i => !inValidation[i])], validation);
    }

    /// <summary>
    /// A seeded share of some rows (successive halving's row budget), stratified when labels are given, with at
    /// least one row of each class present so a binary trainer always sees both.
    /// </summary>
    public static int[] Subsample(IReadOnlyList<int> rows, IReadOnlyList<float>? labels, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A share of rows lies in (0, 1].");
        }

        return fraction >= 1 ? [.. rows.Order()] : Take(rows, labels, fraction, seed, atLeastOnePerClass: true);
    }

    private static int[] Take(IReadOnlyList<int> rows, IReadOnlyList<float>? labels, double fraction, int seed, bool atLeastOnePerClass)
    {
        var rng = new Random(seed);
        var strata = labels is null
            ? [[.. rows]]
            : new[] { rows.Where(i => !IsPositive(labels[i])).ToArray(), rows.Where(i => IsPositive(labels[i])).ToArray() };
        var taken = new List<int>();
        foreach (var stratum in strata)
        {
            Shuffle(stratum, rng);
            var count = (int)Math.Round(fraction * stratum.Length, MidpointRounding.AwayFromZero);
            if (labels is not null && stratum.Length > 0)
            {
                // A class present in the data stays present in each part: in a subsample, and on both sides of a
                // split when it has two rows or more (validation metrics such as AUC need both classes).
                count = atLeastOnePerClass ? Math.Max(1, count) : stratum.Length >= 2 ? Math.Clamp(count, 1, stratum.Length - 1) : count;
            }

            taken.AddRange(stratum.Take(count));
        }

        return [.. taken.Order()];
    }

    // Fisher–Yates, driven by the one seeded generator so the split depends only on the seed and the row order.
    private static void Shuffle(int[] items, Random rng)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static bool IsPositive(float label) => label > 0.5f;
}
