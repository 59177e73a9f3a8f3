namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Counts of two categorical windows over a shared category list: reference categories in ordinal order,
/// then categories seen only in the current window, also in ordinal order.
/// </summary>
public sealed record CategoryCounts(
    IReadOnlyList<string> Categories,
    long[] Reference,
    long[] Current,
    IReadOnlyList<string> UnseenCategories)
{
    public static CategoryCounts Build(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        var referenceCounts = Tally(reference);
        var currentCounts = Tally(current);
        var seen = referenceCounts.Keys.Order(StringComparer.Ordinal).ToList();
        var unseen = currentCounts.Keys.Where(k => !referenceCounts.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var categories = seen.Concat(unseen).ToList();
        return new CategoryCounts(
            categories,
            [.. categories.Select(c => referenceCounts.GetValueOrDefault(c))],
            [.. categories.Select(c => currentCounts.GetValueOrDefault(c))],
            unseen);
    }

    private static Dictionary<string, long> Tally(IReadOnlyList<string> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        return counts;
    }
}
