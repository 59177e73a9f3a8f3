using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>The arms' numbers, aggregated by the database from the prediction log (never every row in memory).</summary>
public sealed partial class AbTestService
{
    /// <summary>Each arm's cumulative metric and interval at <paramref name="points"/> evenly spaced times: the page's chart.</summary>
    public async Task<IReadOnlyList<AbTestPoint>> HistoryAsync(Guid id, int points, CancellationToken ct)
    {
        points = Math.Clamp(points, 2, 48);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var test = await CurrentAsync(db, id, ct);
        var end = test.StoppedAt ?? Now;
        var step = (end - test.StartedAt) / points;
        var z = Normal.InvCDF(0, 1, 1 - (test.Alpha / 2));
        var result = new List<AbTestPoint>(points);
        for (var i = 1; i <= points; i++)
        {
            var at = i == points ? end : test.StartedAt + (step * i);
            var a = await ArmCountsAsync(db, test, test.VersionA, at, inclusiveEnd: i == points && test.IsRunning, ct);
            var b = await ArmCountsAsync(db, test, test.VersionB, at, inclusiveEnd: i == points && test.IsRunning, ct);
            result.Add(new AbTestPoint(at, Point(ArmResult.From(a, test.Metric), a, test.Metric, z), Point(ArmResult.From(b, test.Metric), b, test.Metric, z)));
        }

        return result;
    }

    internal async Task<AbEvaluation> EvaluateAsync(PortalDbContext db, AbTest test, DateTime end, bool stopped, CancellationToken ct)
    {
        var a = await ArmCountsAsync(db, test, test.VersionA, end, inclusiveEnd: true, ct);
        var b = await ArmCountsAsync(db, test, test.VersionB, end, inclusiveEnd: true, ct);
        return AbEvaluation.Evaluate(test.Metric, test.MinSamplesPerArm, test.Alpha, a, b, stopped);
    }

    private async Task<AbTestView> ViewAsync(PortalDbContext db, AbTest test, CancellationToken ct)
    {
        var evaluation = test.FinalResult is { } stored
            ? Json.Deserialize<AbEvaluation>(stored)
            : await EvaluateAsync(db, test, Now, stopped: false, ct);
        var c = evaluation.Comparison;
        var winnerStage = evaluation.Winner is { } winner
            ? await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == test.ModelId && v.Version == winner).Select(v => (Stage?)v.Stage).SingleOrDefaultAsync(ct)
            : null;
        return new AbTestView(
            test.Id,
            test.ModelName,
            evaluation.Status.ToString(),
            test.Metric.ToString(),
            [evaluation.A, evaluation.B],
            c?.Difference,
            c?.PValue,
            c?.CiLow,
            c?.CiHigh,
            evaluation.Winner,
            test.PercentB.Value,
            test.MinSamplesPerArm,
            test.Alpha,
            test.IsRunning,
            test.StartedAt,
            test.StartedBy,
            test.StoppedAt,
            test.StoppedBy,
            test.StopReason,
            test.PromotionRequestId,
            AbVerdictText.Describe(evaluation, test.Metric, test.MinSamplesPerArm, test.Alpha, !test.IsRunning))
        {
            SplitBefore = test.PreviousShares.Count == 0 ? null : string.Join(", ", test.PreviousShares.Select(s => $"{s.Version} {TrafficPercent.FromTenths(s.Tenths)} %")),
            WinnerCanBePromoted = winnerStage is { } stage && stage != Stage.Production && stage != Stage.Archived,
            Interrupted = test.Interrupted,
        };
    }

    /// <summary>
    /// One arm in the test's window (started ≤ at, and at &lt; end or ≤ end): served, non-shadow predictions of the
    /// version. One aggregate query (counts, latency sums, confusion counts) and two single-row reads for the
    /// nearest-rank p50/p95 (<see cref="Deployments.Percentile"/>), over the (model, version, at) index.
    /// </summary>
    private static async Task<ArmCounts> ArmCountsAsync(PortalDbContext db, AbTest test, string version, DateTime end, bool inclusiveEnd, CancellationToken ct)
    {
        var rows = db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == test.ModelId && p.Version == version && !p.Shadow && p.At >= test.StartedAt && (inclusiveEnd ? p.At <= end : p.At < end));
        var totals = await rows.GroupBy(_ => 1).Select(g => new
        {
            Requests = g.LongCount(),
            Failures = g.LongCount(p => !p.Succeeded),
            LatencySum = g.Sum(p => p.LatencyMs),
            LatencySquares = g.Sum(p => p.LatencyMs * p.LatencyMs),
            TruePositives = g.LongCount(p => p.Succeeded && p.Label == 1 && p.Prediction == 1),
            FalsePositives = g.LongCount(p => p.Succeeded && p.Label == 0 && p.Prediction == 1),
            FalseNegatives = g.LongCount(p => p.Succeeded && p.Label == 1 && p.Prediction == 0),
            TrueNegatives = g.LongCount(p => p.Succeeded && p.Label == 0 && p.Prediction == 0),
        }).SingleOrDefaultAsync(ct);
        if (totals is null || totals.Requests == 0)
        {
            return ArmCounts.Empty(version);
        }

        var ordered = rows.OrderBy(p => p.LatencyMs).Select(p => p.LatencyMs);
        var p50 = await ordered.Skip(NearestRank(totals.Requests, 50) - 1).FirstAsync(ct);
        var p95 = await ordered.Skip(NearestRank(totals.Requests, 95) - 1).FirstAsync(ct);
        return new ArmCounts(
            version,
            totals.Requests,
            totals.Failures,
            SampleSummary.FromSums(totals.Requests, totals.LatencySum, totals.LatencySquares),
            p50,
            p95,
            new ConfusionCounts(totals.TruePositives, totals.FalsePositives, totals.FalseNegatives, totals.TrueNegatives));
    }

    private static int NearestRank(long count, int percent) => (int)Math.Max(1, (long)Math.Ceiling(percent * (decimal)count / 100m));

    /// <summary>An arm's own Wald (proportions) or t-free normal (latency mean) interval for the chart's band.</summary>
    private static ArmPoint Point(ArmResult arm, ArmCounts counts, AbMetric metric, double z)
    {
        if (arm.Value is not { } value || arm.Samples == 0)
        {
            return new ArmPoint(arm.Samples, null, null, null);
        }

        double half = metric switch
        {
            AbMetric.Latency => z * Math.Sqrt(counts.Latency.Variance / Math.Max(1, counts.Latency.Count)),
            AbMetric.F1 => z * Math.Sqrt(value * (1 - value) / Math.Max(1, counts.Confusion.TruePositives + counts.Confusion.FalsePositives + counts.Confusion.FalseNegatives)),
            _ => z * Math.Sqrt(value * (1 - value) / arm.Samples),
        };
        return new ArmPoint(arm.Samples, value, metric == AbMetric.Latency ? value - half : Math.Max(0, value - half), metric == AbMetric.Latency ? value + half : Math.Min(1, value + half));
    }
}
