namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Drift of a streamed current window against a <see cref="ReferenceSketch"/>. <see cref="Ks"/> holds D_grid
/// (a lower bound of the exact D) with its asymptotic p-value; the exact D lies within
/// [D_grid, D_grid + <see cref="KsErrorBound"/>]. PSI is exact (same edges and counts as the batch PSI).
/// <see cref="Wasserstein"/> is the first Wasserstein distance W1 of the two windows; the exact W1 (scipy's
/// <c>wasserstein_distance</c> on both windows) lies within ± <see cref="WassersteinErrorBound"/> of it.
/// </summary>
public sealed record StreamingDriftResult(KsResult Ks, double KsErrorBound, PsiResult Psi, long CurrentCount, long MissingCurrent, double Wasserstein, double WassersteinErrorBound);
