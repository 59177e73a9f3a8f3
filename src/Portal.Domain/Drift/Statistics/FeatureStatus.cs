namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>Whether a feature's statistics could be computed and trusted.</summary>
public enum FeatureStatus
{
    /// <summary>Both windows had enough varying data; all statistics computed.</summary>
    Ok,

    /// <summary>A window had fewer non-missing values than the minimum; no statistic computed.</summary>
    NotEnoughData,

    /// <summary>A window holds a single distinct value; statistics that divide by its spread are null.</summary>
    Constant,
}
