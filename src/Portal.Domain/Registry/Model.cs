namespace ModelLifecycle.Domain.Registry;

/// <summary>A registered model: a unique name, its task, feature schema and promotion gate.</summary>
public sealed class Model
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public string Description { get; set; } = "";

    public ModelTask Task { get; set; }

    public required string Owner { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<FeatureDefinition> Features { get; set; } = [];

    public MetricGate? MetricGate { get; set; }

    /// <summary>This model's drift thresholds; null means the defaults.</summary>
    public Drift.Analysis.DriftThresholds? DriftThresholds { get; set; }

    /// <summary>Set by an Admin: a failed metric gate refuses approval instead of only informing the approver.</summary>
    public bool MetricGateBlocking { get; set; }

    /// <summary>Set by an Admin: a failed drift check (critical or dataset drift) refuses approval.</summary>
    public bool CriticalDriftBlocking { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Changes whenever the Production version changes, so two concurrent promotions cannot both win.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<ModelVersion> Versions { get; set; } = [];
}
