using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// The serving instruments (meter <see cref="MeterName"/>): predictions, errors and latency per model and version,
/// cache hits and misses, the prediction log's queue depth and dropped records. Exported for Prometheus at
/// <c>/metrics</c> when <c>Portal:Metrics:Enabled</c> is true.
/// </summary>
public sealed class ServingMetrics : IDisposable
{
    public const string MeterName = "ModelLifecycle.Serving";

    private readonly Meter meter;
    private readonly Counter<long> predictions;
    private readonly Counter<long> errors;
    private readonly Histogram<double> latency;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> cacheMisses;

    public ServingMetrics(IMeterFactory meterFactory, IPredictionLog log)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(log);
        meter = meterFactory.Create(MeterName);
        predictions = meter.CreateCounter<long>("modellifecycle_predictions", "{prediction}", "Predictions served (shadow scores included, tagged shadow=true).");
        errors = meter.CreateCounter<long>("modellifecycle_prediction_errors", "{prediction}", "Predictions that failed while scoring.");
        latency = meter.CreateHistogram<double>("modellifecycle_prediction_latency", "ms", "Scoring latency per prediction.");
        cacheHits = meter.CreateCounter<long>("modellifecycle_model_cache_hits", "{lookup}", "Model cache lookups that found a loaded model.");
        cacheMisses = meter.CreateCounter<long>("modellifecycle_model_cache_misses", "{lookup}", "Model cache lookups that had to load a model.");
        meter.CreateObservableGauge("modellifecycle_prediction_log_queue_depth", () => log.QueueDepth, "{record}", "Prediction records waiting to be written.");
        meter.CreateObservableCounter("modellifecycle_prediction_log_dropped", () => log.Dropped, "{record}", "Prediction records dropped because the log queue was full.");
        meter.CreateObservableCounter("modellifecycle_prediction_log_lost", () => log.Lost, "{record}", "Prediction records that could not be written after every retry.");
    }

    public void Prediction(string model, string version, bool shadow, bool succeeded, double latencyMs)
    {
        var tags = new TagList { { "model", model }, { "version", version }, { "shadow", shadow } };
        predictions.Add(1, tags);
        if (!succeeded)
        {
            errors.Add(1, tags);
        }

        latency.Record(latencyMs, tags);
    }

    public void CacheLookup(bool hit)
    {
        if (hit)
        {
            cacheHits.Add(1);
        }
        else
        {
            cacheMisses.Add(1);
        }
    }

    public void Dispose() => meter.Dispose();
}
