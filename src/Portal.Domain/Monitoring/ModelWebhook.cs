namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// A model's alert webhook: every alert of the model is POSTed as JSON to <see cref="Url"/>, signed with HMAC-SHA256
/// of <see cref="Secret"/> when one is set. One row per model (absent: no webhook).
/// </summary>
public sealed class ModelWebhook
{
    public Guid ModelId { get; set; }

    public required string Url { get; set; }

    /// <summary>The shared signing secret; kept as given since signing needs it, and never shown or returned.</summary>
    public string? Secret { get; set; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
