using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelLifecycle.Domain.Serving;

/// <summary>The body of <c>POST /api/v1/models/{name}/predict</c>: the features by name, and an optional routing key.</summary>
public sealed record PredictRequest(JsonElement Features, string? RoutingKey);

/// <summary>The body of <c>POST /api/v1/models/{name}/predict/batch</c>: up to <see cref="MaxRows"/> rows.</summary>
public sealed record BatchPredictRequest(IReadOnlyList<PredictRequest?>? Rows)
{
    public const int MaxRows = 1000;
}

/// <summary>
/// One served prediction. <see cref="Prediction"/> and <see cref="Score"/> as in <see cref="ScoredPrediction"/>; both
/// null and <see cref="Error"/> set when scoring failed (only in a batch; a single failed prediction is a 503).
/// </summary>
public sealed record PredictionResponse(Guid PredictionId, string Version, double? Prediction, double? Score, double LatencyMs)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}

public sealed record BatchPredictionResponse(IReadOnlyList<PredictionResponse> Predictions);

/// <summary>The body of <c>POST /api/v1/predictions/{id}/feedback</c>.</summary>
public sealed record FeedbackRequest(JsonElement Label);
