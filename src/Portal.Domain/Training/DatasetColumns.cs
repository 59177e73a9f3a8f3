using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>Where the schema's features and the label sit in a dataset CSV's header.</summary>
internal sealed record DatasetColumns(IReadOnlyList<(string Name, FeatureType Type, int Index)> Features, int? Label)
{
    /// <summary>
    /// Maps the header to the schema, refusing (with every offending name at once) duplicate, missing and unknown
    /// columns. Names match exactly (case and spelling), as the trainer reads them.
    /// </summary>
    public static DatasetColumns Map(string[] header, IReadOnlyList<FeatureDefinition> schema, ModelTask task)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                duplicates.Add(header[i]);
            }
        }

        if (duplicates.Count > 0)
        {
            throw DomainException.Invalid($"file: the header has the column(s) {Names(duplicates)} more than once.");
        }

        var problems = new List<string>();
        var missing = schema.Select(f => f.Name).Where(n => !index.ContainsKey(n)).ToList();
        var labelRequired = task != ModelTask.AnomalyDetection;
        if (labelRequired && !index.ContainsKey(DatasetValidator.LabelColumn))
        {
            missing.Add(DatasetValidator.LabelColumn);
        }

        if (missing.Count > 0)
        {
            problems.Add($"lacks the column(s) {Names(missing)}");
        }

        var known = schema.Select(f => f.Name).Append(DatasetValidator.LabelColumn).ToHashSet(StringComparer.Ordinal);
        var unknown = header.Where(h => !known.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"has column(s) the model's feature schema does not know: {Names(unknown)}");
        }

        if (problems.Count > 0)
        {
            var expected = Names(schema.Select(f => f.Name).Append(DatasetValidator.LabelColumn + (labelRequired ? "" : " (optional)")));
            throw DomainException.Invalid($"file: the header {string.Join("; it ", problems)}. Expected exactly: {expected}.");
        }

        return new DatasetColumns(
            schema.Select(f => (f.Name, f.Type, index[f.Name])).ToList(),
            index.TryGetValue(DatasetValidator.LabelColumn, out var label) ? label : null);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{DatasetValidator.Truncate(n)}'"));
}
