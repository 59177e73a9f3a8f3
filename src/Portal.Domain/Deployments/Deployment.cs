namespace ModelLifecycle.Domain.Deployments;

/// <summary>How a candidate version is rolled out.</summary>
public enum DeploymentStrategy
{
    /// <summary>The candidate takes a growing share of live traffic (default steps 10 → 50 → 100 %).</summary>
    Canary,

    /// <summary>The candidate scores a copy of every request; its results are logged, never returned.</summary>
    Shadow,

    /// <summary>The candidate is loaded beside the stable version and takes all traffic at once on the switch.</summary>
    BlueGreen,

    /// <summary>The candidate takes all traffic at once (needs an approved Production promotion).</summary>
    Full,
}

/// <summary>Where a rollout is.</summary>
public enum DeploymentStatus
{
    /// <summary>In progress: the candidate is loaded and may take traffic.</summary>
    Active,

    /// <summary>The candidate reached 100 % through an approved promotion and is the stable version.</summary>
    Completed,

    /// <summary>Traffic went back to the stable version, by a person or by the rollback policy.</summary>
    RolledBack,

    /// <summary>Replaced by a newer rollout of the same model before it finished.</summary>
    Superseded,
}

/// <summary>One rollout of a candidate version of a model: its strategy, plan, rollback policy and outcome.</summary>
public sealed class Deployment
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public DeploymentStrategy Strategy { get; set; }

    public required string CandidateVersion { get; set; }

    /// <summary>The Production version when the rollout started (null for a model's first deployment).</summary>
    public string? StableVersion { get; set; }

    public DeploymentStatus Status { get; set; } = DeploymentStatus.Active;

    /// <summary>Canary steps in tenths of a percent (default 100, 500, 1000).</summary>
    public List<int> StepTenths { get; set; } = [.. CanaryPlan.Default.Steps.Select(s => s.Tenths)];

    /// <summary>When set, the canary advances one step per interval while health holds.</summary>
    public TimeSpan? AutoAdvanceEvery { get; set; }

    public DateTime? LastAdvancedAt { get; set; }

    public RollbackPolicy Policy { get; set; } = RollbackPolicy.Default;

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? EndReason { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public CanaryPlan Plan() => CanaryPlan.Of(StepTenths.Select(t => t / 10m).ToList());
}

/// <summary>
/// A stored step of a model's deployment history: deployed, traffic changed, advanced, rolled back (with the
/// evidence that breached), alert raised, completed. The audit trail records the same change; this table is what
/// the Deployments page and <c>GET .../deployments</c> read.
/// </summary>
public sealed class DeploymentEvent
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public Guid? DeploymentId { get; set; }

    public DateTime At { get; set; }

    /// <summary>
    /// deployed, traffic_changed, advanced, rolled_back, stepped_down, breach_alert, alert_dismissed, superseded, completed,
    /// integrity_failed, cap_changed, adopted.
    /// </summary>
    public required string Kind { get; set; }

    public required string Actor { get; set; }

    public string? Reason { get; set; }

    /// <summary>The split before, in words ("1.0.0 90 %, 1.1.0 10 %").</summary>
    public string? Before { get; set; }

    public string? After { get; set; }

    /// <summary>The numbers behind an automatic decision (breaches and per-version health), as JSON.</summary>
    public string? Evidence { get; set; }
}
