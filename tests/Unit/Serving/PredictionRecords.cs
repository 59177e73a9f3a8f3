using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Tests.Unit.Serving;

/// <summary>Prediction records with varied fields (shadow, failures, missing routing keys) for the log's tests.</summary>
internal static class PredictionRecords
{
    public static readonly Guid ModelId = Guid.Parse("6f1c2a4e-0b7d-4d7e-9a35-2f5b8c1d9e01");

    public static PredictionRecord Make(int i, DateTime at) => new()
    {
        Id = Guid.NewGuid(),
        ModelId = ModelId,
        ModelName = "churn",
        Version = i % 2 == 0 ? "1.0.0" : "1.1.0",
        Shadow = i % 3 == 0,
        Inputs = $"{{\"tenure\":{i},\"plan\":\"gold\"}}",
        Prediction = i % 7 == 0 ? null : i % 2,
        Score = i % 7 == 0 ? null : i / 10_000.0,
        LatencyMs = 0.25 + i,
        RoutingKey = i % 5 == 0 ? null : $"customer-{i}",
        At = at.AddMilliseconds(i),
        Succeeded = i % 7 != 0,
        Error = i % 7 == 0 ? "feature 'tenure' is NaN" : null,
    };
}
