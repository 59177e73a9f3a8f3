namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// One logged prediction (served or shadow). Predictions are data, not audit events: they are written in batches
/// off the request path and never enter the audit chain. Feedback attaches the ground truth later.
/// </summary>
public sealed class PredictionRecord
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public required string Version { get; set; }

    /// <summary>True for a shadow version's score of a copy of the request (never returned to the client).</summary>
    public bool Shadow { get; set; }

    /// <summary>The features as sent, as a JSON object.</summary>
    public required string Inputs { get; set; }

    /// <summary>Binary classification: 1 or 0; regression: the value; anomaly: 1 for an anomaly. Null when scoring failed.</summary>
    public double? Prediction { get; set; }

    /// <summary>Binary classification: the probability; regression: the value; anomaly: the score.</summary>
    public double? Score { get; set; }

    public double LatencyMs { get; set; }

    public string? RoutingKey { get; set; }

    public DateTime At { get; set; }

    /// <summary>False when scoring failed (the error counts against the version's health).</summary>
    public bool Succeeded { get; set; } = true;

    public string? Error { get; set; }

    /// <summary>Ground truth from feedback: 1/0 for binary classification, the value for regression.</summary>
    public double? Label { get; set; }

    public DateTime? LabelledAt { get; set; }
}
