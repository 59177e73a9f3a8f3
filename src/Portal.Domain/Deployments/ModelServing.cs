namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// What a model serves right now: one row per deployed model, read by the prediction path and changed only by the
/// deployment engine. <see cref="ConcurrencyStamp"/> makes two concurrent traffic changes conflict (409 for the
/// loser), so a committed split always sums to 100 %.
/// </summary>
public sealed class ModelServing
{
    /// <summary>The model's id: one row per model.</summary>
    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>The Production version all traffic falls back to; null before the model has one.</summary>
    public string? StableVersion { get; set; }

    /// <summary>The live split as stored (version and tenths of a percent); read through <see cref="Allocation"/>.</summary>
    public List<StoredShare> Shares { get; set; } = [];

    /// <summary>Versions that score a copy of every request off the request path; their results are logged, never returned.</summary>
    public List<string> ShadowVersions { get; set; } = [];

    /// <summary>The rollout in progress, if any.</summary>
    public Guid? ActiveDeploymentId { get; set; }

    /// <summary>Ceiling, in tenths of a percent, for the total share of versions not in Production (default 50 %).</summary>
    public int CandidateCapTenths { get; set; } = TrafficAllocation.DefaultCandidateCap.Tenths;

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public TrafficAllocation Allocation() =>
        TrafficAllocation.FromStored(Shares.Select(s => new TrafficShare(s.Version, TrafficPercent.FromTenths(s.Tenths))));

    public void SetAllocation(TrafficAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        Shares = allocation.Shares.Select(s => new StoredShare(s.Version, s.Percent.Tenths)).ToList();
    }

    public TrafficPercent CandidateCap => TrafficPercent.FromTenths(CandidateCapTenths);
}

/// <summary>One version's share as stored: tenths of a percent, so the sum is exact.</summary>
public sealed record StoredShare(string Version, int Tenths);
