namespace ModelLifecycle.Domain.Approvals;

/// <summary>Configuration of the approval flow (section <c>Portal:Approvals</c>).</summary>
public sealed class ApprovalOptions
{
    /// <summary>How long a request stays pending before it expires.</summary>
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromDays(7);
}
