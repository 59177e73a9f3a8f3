using System.Text.Json;

namespace ModelLifecycle.Domain.Drift;

/// <summary>Input of <c>POST /api/v1/drift/compute</c>: feature → values per window (numbers, or strings for categorical features; null is missing).</summary>
public sealed record DriftComputeRequest(
    Dictionary<string, JsonElement[]>? Reference,
    Dictionary<string, JsonElement[]>? Current,
    List<string>? Categorical = null,
    int? Bins = null);

/// <summary>A stored report with its chart data.</summary>
public sealed record DriftReportDetail(DriftReportView Report, IReadOnlyList<FeatureDistribution> Distributions);
