using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// The prediction path: find the model's route, check the features against its schema (a refused request scores and
/// logs nothing), pick the version by routing key, take its scorer from the cache, score, hand the record to the
/// prediction log, and score a copy on each shadow version off the request path. A version whose artifact fails its
/// integrity check on load is marked unhealthy and the request is routed again (to what the split then says, or the
/// stable version). Any other scoring failure is logged with <c>Succeeded = false</c> so the version's health counts it.
/// </summary>
public sealed class PredictionService(
    ServingRoutes routes,
    ScorerCache scorers,
    IPredictionLog log,
    ServingMetrics metrics,
    FaultInjection faults,
    TimeProvider clock,
    IOptions<ServingOptions> options,
    ILogger<PredictionService> logger)
{
    private readonly int shadowLimit = Math.Max(1, options.Value.ShadowConcurrency);
    private int shadowsInFlight;
    private long shadowsSkipped;

    /// <summary>Shadow copies not scored because <see cref="ServingOptions.ShadowConcurrency"/> were already running.</summary>
    public long ShadowsSkipped => Interlocked.Read(ref shadowsSkipped);

    public async Task<PredictionResponse> PredictAsync(string modelName, PredictRequest? request, CancellationToken ct)
    {
        var route = await routes.GetAsync(modelName, ct);
        if (request is null)
        {
            throw DomainException.Invalid("The body must be a JSON object with 'features' and optionally 'routingKey'.");
        }

        var key = FieldLimits.Check(request.RoutingKey, FieldLimits.RoutingKey, "routingKey");
        var row = PredictionInput.Parse(request.Features, route.Features, route.Positions, "features");
        var served = await ServeAsync(route, row, key, request.Features, ct);
        return served.Error is null
            ? served
            : throw DomainException.Unavailable($"Scoring with {route.ModelName}@{served.Version} failed: {served.Error} (prediction {served.PredictionId} is logged as failed).");
    }

    public async Task<BatchPredictionResponse> PredictBatchAsync(string modelName, BatchPredictRequest? request, CancellationToken ct)
    {
        var route = await routes.GetAsync(modelName, ct);
        var rows = request?.Rows;
        if (rows is null || rows.Count == 0)
        {
            throw DomainException.Invalid("rows: at least one row ({\"features\":{...},\"routingKey\":\"...\"}) is required.");
        }

        if (rows.Count > BatchPredictRequest.MaxRows)
        {
            throw DomainException.Invalid($"rows: at most {BatchPredictRequest.MaxRows:N0} rows per call, not {rows.Count:N0}.");
        }

        // Every row is checked before any is scored, so a refused batch leaves nothing in the log.
        var parsed = new (FeatureRow Row, string? Key, JsonElement Features)[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw DomainException.Invalid($"rows[{i}] must be an object with 'features'.");
            var key = FieldLimits.Check(row.RoutingKey, FieldLimits.RoutingKey, $"rows[{i}].routingKey");
            parsed[i] = (PredictionInput.Parse(row.Features, route.Features, route.Positions, $"rows[{i}].features"), key, row.Features);
        }

        var results = new PredictionResponse[parsed.Length];
        for (var i = 0; i < parsed.Length; i++)
        {
            results[i] = await ServeAsync(route, parsed[i].Row, parsed[i].Key, parsed[i].Features, ct);
        }

        return new BatchPredictionResponse(results);
    }

    private async Task<PredictionResponse> ServeAsync(ModelRoute route, FeatureRow row, string? key, JsonElement features, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var version = route.Pick(key);
        ScoredPrediction scored = default;
        string? error = null;
        try
        {
            IModelScorer scorer;
            try
            {
                scorer = await scorers.GetAsync(version, ct);
            }
            catch (DomainException refused) when (refused.Kind == FailureKind.Integrity)
            {
                // The loader marked the version unhealthy and dropped the route: route again by the split as it is now.
                route = await routes.GetAsync(route.ModelName, ct);
                var next = route.Pick(key);
                if (next.Id == version.Id)
                {
                    throw;
                }

                version = next;
                scorer = await scorers.GetAsync(version, ct);
            }

            scored = await ScoreAsync(route, version, scorer, row, ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = failure.Message;
            logger.LogWarning("Prediction with {Model}@{Version} failed: {Error}", route.ModelName, version.Version, failure.Message);
        }

        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var inputs = features.GetRawText();
        var record = Record(route, version, shadow: false, inputs, key, scored, error, latency);
        log.TryEnqueue(record);
        metrics.Prediction(route.ModelName, version.Version, shadow: false, error is null, latency);
        StartShadows(route, version, row, key, inputs);

        return error is null
            ? new PredictionResponse(record.Id, version.Version, scored.Prediction, scored.Score, Math.Round(latency, 3))
            : new PredictionResponse(record.Id, version.Version, null, null, Math.Round(latency, 3)) { Error = error };
    }

    private async ValueTask<ScoredPrediction> ScoreAsync(ModelRoute route, ServedVersion version, IModelScorer scorer, FeatureRow row, CancellationToken ct)
    {
        if (faults.For(route.ModelName, version.Version) is { } fault)
        {
            if (fault.ExtraLatencyMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(fault.ExtraLatencyMs), ct);
            }

            if (fault.FailsNow())
            {
                throw new InvalidOperationException($"Injected fault ({FaultInjection.Section}:{route.ModelName}:{version.Version}).");
            }
        }

        return scorer.Score(row);
    }

    private void StartShadows(ModelRoute route, ServedVersion served, FeatureRow row, string? key, string inputs)
    {
        foreach (var shadow in route.Shadows)
        {
            if (shadow.Id == served.Id || !shadow.Healthy)
            {
                continue;
            }

            // Bounded: past the limit the copy is skipped and counted, so shadows never queue up behind live traffic.
            if (Interlocked.Increment(ref shadowsInFlight) > shadowLimit)
            {
                Interlocked.Decrement(ref shadowsInFlight);
                Interlocked.Increment(ref shadowsSkipped);
                continue;
            }

            _ = Task.Run(() => ShadowAsync(route, shadow, row, key, inputs));
        }
    }

    private async Task ShadowAsync(ModelRoute route, ServedVersion shadow, FeatureRow row, string? key, string inputs)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            ScoredPrediction scored = default;
            string? error = null;
            try
            {
                var scorer = await scorers.GetAsync(shadow, CancellationToken.None);
                scored = await ScoreAsync(route, shadow, scorer, row, CancellationToken.None);
            }
            catch (Exception failure)
            {
                error = failure.Message;
            }

            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.TryEnqueue(Record(route, shadow, shadow: true, inputs, key, scored, error, latency));
            metrics.Prediction(route.ModelName, shadow.Version, shadow: true, error is null, latency);
        }
        catch (Exception unexpected)
        {
            logger.LogError(unexpected, "Shadow scoring with {Model}@{Version} failed.", route.ModelName, shadow.Version);
        }
        finally
        {
            Interlocked.Decrement(ref shadowsInFlight);
        }
    }

    private PredictionRecord Record(ModelRoute route, ServedVersion version, bool shadow, string inputs, string? key, ScoredPrediction scored, string? error, double latency)
    {
        var now = clock.GetUtcNow();
        return new PredictionRecord
        {
            // Version 7: time-ordered ids keep the log's primary-key index appending at its end.
            Id = Guid.CreateVersion7(now),
            ModelId = route.ModelId,
            ModelName = route.ModelName,
            Version = version.Version,
            Shadow = shadow,
            Inputs = inputs,
            Prediction = error is null ? scored.Prediction : null,
            Score = error is null ? scored.Score : null,
            LatencyMs = latency,
            RoutingKey = key,
            At = now.UtcDateTime,
            Succeeded = error is null,
            Error = error is null ? null : error.Length <= FieldLimits.Reason ? error : error[..FieldLimits.Reason],
        };
    }
}
