namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// The "gradual" rollback: each evaluation that still sees a breach halves the candidate's share, rounded down to
/// a tenth of a percent so every step really lowers it, and a share that would fall below <see cref="Floor"/> goes
/// straight to 0 (a canary at 0.3 % says nothing useful and would take many more evaluations to end).
/// </summary>
public sealed record GradualStepDown(TrafficPercent Floor)
{
    public static GradualStepDown Default { get; } = new(TrafficPercent.FromTenths(10));

    /// <summary>From a configured floor; 0 is allowed (halving in whole tenths still ends at 0).</summary>
    public static GradualStepDown Of(decimal floorPercent) => new(TrafficPercent.Parse(floorPercent, "gradualFloorPercent"));

    /// <summary>The candidate's next share: 50 → 25 → 12.5 → 6.2 → 3.1 → 1.5 → 0 with the default 1 % floor.</summary>
    public TrafficPercent Next(TrafficPercent current)
    {
        var halved = TrafficPercent.FromTenths(current.Tenths / 2);
        return halved < Floor ? TrafficPercent.Zero : halved;
    }

    /// <summary>How many evaluations take <paramref name="from"/> to 0: what the portal can tell a person to expect.</summary>
    public int StepsToZero(TrafficPercent from)
    {
        var steps = 0;
        for (var share = from; !share.IsZero; share = Next(share))
        {
            steps++;
        }

        return steps;
    }
}
