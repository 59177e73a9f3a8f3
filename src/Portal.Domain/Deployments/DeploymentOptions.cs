namespace ModelLifecycle.Domain.Deployments;

/// <summary>Configuration <c>Portal:Deployments</c>.</summary>
public sealed class DeploymentOptions
{
    /// <summary>How often the health of every deployed model is evaluated against its rollback policy (default 30 s).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The sliding window health is computed over (default <see cref="HealthWindow.Default"/>, 5 minutes).</summary>
    public TimeSpan HealthWindow { get; set; } = Deployments.HealthWindow.Default.Length;
}
