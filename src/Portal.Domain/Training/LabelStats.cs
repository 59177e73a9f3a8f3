using System.Globalization;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Reads and counts a dataset's <c>label</c> cells by the model's task: binary classification 0/1 or false/true in
/// every row (counted as "0" and "1"); regression a number in every row (no balance to count); anomaly detection
/// 0/1, false/true, or empty for an unlabelled row (counted as "unlabelled").
/// </summary>
internal sealed class LabelStats(ModelTask task)
{
    public const string Unlabelled = "unlabelled";

    private long zeros;
    private long ones;
    private long unlabelled;

    /// <summary>The label as "0", "1", "" (unlabelled) or the number's text; null when the row is refused.</summary>
    public string? Parse(string? cell, Action<string> refuse)
    {
        var text = cell?.Trim() ?? "";
        if (task == ModelTask.Regression)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && MissingValues.IsUsable(value))
            {
                return text;
            }

            refuse(text.Length == 0 ? "'label' is empty; every row needs a numeric label" : $"'label' is '{DatasetValidator.Truncate(text)}', not a number");
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "1" or "true":
                return "1";
            case "0" or "false":
                return "0";
            case "" when task == ModelTask.AnomalyDetection:
                return "";
        }

        refuse(text.Length == 0
            ? "'label' is empty; every row needs 0 or 1 (or false/true)"
            : $"'label' is '{DatasetValidator.Truncate(text)}'; a label is 0 or 1 (or false/true)");
        return null;
    }

    public void Add(string? label)
    {
        switch (label)
        {
            case "1" when task != ModelTask.Regression:
                ones++;
                break;
            case "0" when task != ModelTask.Regression:
                zeros++;
                break;
            case "" or null when task == ModelTask.AnomalyDetection:
                unlabelled++;
                break;
        }
    }

    public List<LabelCount> Counts()
    {
        if (task == ModelTask.Regression)
        {
            return [];
        }

        List<LabelCount> counts = [new("0", zeros), new("1", ones)];
        if (unlabelled > 0)
        {
            counts.Add(new LabelCount(Unlabelled, unlabelled));
        }

        return counts;
    }
}
