namespace ModelLifecycle.Domain.Registry;

/// <summary>Builds the side-by-side view of metrics and hyperparameters of several versions.</summary>
public static class VersionComparer
{
    public static VersionComparison Compare(IReadOnlyList<VersionView> versions)
    {
        var metricNames = versions.SelectMany(v => v.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var metrics = metricNames.Select(name =>
        {
            var values = versions.Select(v => v.Metrics.TryGetValue(name, out var x) ? x : (double?)null).ToList();
            return new ComparedValue<double?>(name, values, values.Distinct().Count() > 1);
        }).ToList();

        var hyperNames = versions.SelectMany(v => v.Hyperparameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var hyper = hyperNames.Select(name =>
        {
            var values = versions.Select(v => v.Hyperparameters.TryGetValue(name, out var x) ? RegistryInput.Display(x) : null).ToList();
            return new ComparedValue<string?>(name, values, values.Distinct().Count() > 1);
        }).ToList();

        return new VersionComparison(versions, metrics, hyper);
    }
}
