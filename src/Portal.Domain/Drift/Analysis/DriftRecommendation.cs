namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>What to do about a drift report, in words, with the features that motivate it.</summary>
public sealed record DriftRecommendation(RecommendationKind Kind, IReadOnlyList<string> Features, string Text);
