using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// An A/B test of two versions of one model: while it runs the model's live split is A (100 − p) % / B p %, routed by
/// the deployment engine's consistent hashing; the arms' numbers come from the prediction log since
/// <see cref="StartedAt"/>. A stopped test keeps the numbers it had when it stopped (<see cref="FinalResult"/>),
/// so feedback arriving later does not rewrite a decision.
/// </summary>
public sealed class AbTest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>The control arm.</summary>
    public required string VersionA { get; set; }

    /// <summary>The challenger arm.</summary>
    public required string VersionB { get; set; }

    /// <summary>B's share of the traffic in tenths of a percent (1..999).</summary>
    public int PercentBTenths { get; set; }

    public AbMetric Metric { get; set; }

    public int MinSamplesPerArm { get; set; }

    public double Alpha { get; set; }

    public DateTime StartedAt { get; set; }

    public required string StartedBy { get; set; }

    public DateTime? StoppedAt { get; set; }

    public string? StoppedBy { get; set; }

    public string? StopReason { get; set; }

    /// <summary>The split before the test (restored at stop when nobody changed the test's split meanwhile).</summary>
    public List<StoredShare> PreviousShares { get; set; } = [];

    /// <summary>The evaluation when the test stopped, as JSON; null while it runs.</summary>
    public string? FinalResult { get; set; }

    /// <summary>The winner's promotion request filed when the test ended, if any.</summary>
    public Guid? PromotionRequestId { get; set; }

    /// <summary>True when the test ended because something else took its split away (see <see cref="Interrupt"/>).</summary>
    public bool Interrupted { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool IsRunning => StoppedAt is null;

    public TrafficPercent PercentB => TrafficPercent.FromTenths(PercentBTenths);

    /// <summary>The split the test puts live: A the rest, B its share.</summary>
    public TrafficAllocation Split() =>
        TrafficAllocation.FromStored([new TrafficShare(VersionA, TrafficPercent.Hundred - PercentB), new TrafficShare(VersionB, PercentB)]);

    /// <summary>Ends the test once: the guard for a second stop racing the first.</summary>
    public void Stop(Actor actor, string? reason, string finalResult, DateTime now)
    {
        if (!IsRunning)
        {
            throw DomainException.Conflict($"The A/B test {Id} was already stopped at {StoppedAt:O} by {StoppedBy}.");
        }

        StoppedAt = now;
        StoppedBy = actor.Name;
        StopReason = reason;
        FinalResult = finalResult;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>
    /// Ends the test because its split is no longer live (a rollback, a traffic change, a rollout, an archived arm):
    /// the numbers freeze at <paramref name="at"/>, the moment the split was taken, and the reason says by what.
    /// </summary>
    public void Interrupt(string reason, string finalResult, DateTime at)
    {
        Stop(Actor.System, reason, finalResult, at);
        Interrupted = true;
    }
}
