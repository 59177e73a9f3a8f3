using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// Picks the version that serves a request. With a routing key the choice is a pure function of the key and the
/// allocation (consistent hashing); without one it is weighted random.
/// <para>
/// Layout of the 1,000 slots (tenths of a percent), which is what makes canary moves monotonic: the versions other
/// than the stable one are sorted (semantic version, then ordinal text); the newest of them is anchored at the top
/// edge, [1000 − p, 1000), the others are packed from slot 0 upwards in ascending order, and the stable version
/// fills the gap between. A version whose range touches the stable gap grows and shrinks only at that boundary, so
/// moving its share from p to q moves keys only between it and the stable version, in the direction of the change,
/// and every other key keeps its version. That holds for the newest and the second-newest candidate, hence for
/// every split with at most two candidates (stable + canary, blue-green). It cannot hold for every candidate once
/// there are three: each candidate's key set would have to depend on its own share alone, and three such nested
/// families cannot stay disjoint for all shares (see docs/decisions.md). Versions listed at 0 % keep their place
/// in the order, so a stepped-down canary does not shift another one.
/// </para>
/// When <c>stable</c> is null or not listed, the lowest version plays its part.
/// The router is immutable and thread-safe; build a new one when the allocation changes.
/// </summary>
public sealed class TrafficRouter
{
    // One entry per slot: routing is an index, no search and no allocation.
    private readonly string[] versionBySlot = new string[TrafficPercent.WholeTenths];
    private readonly Random random;

    public TrafficRouter(TrafficAllocation allocation, string? stable, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        Allocation = allocation;
        this.random = random ?? Random.Shared;

        var ordered = allocation.Shares.OrderBy(s => s.Version, VersionOrder.Instance).ToList();
        var reservoir = ordered.Find(s => string.Equals(s.Version, stable, StringComparison.Ordinal)) ?? ordered[0];
        ordered.Remove(reservoir);
        Stable = reservoir.Version;

        var bottom = 0;
        var packed = ordered.Count >= 2 ? ordered.Count - 1 : ordered.Count;
        for (var i = 0; i < packed; i++)
        {
            Fill(bottom, bottom + ordered[i].Percent.Tenths, ordered[i].Version);
            bottom += ordered[i].Percent.Tenths;
        }

        var top = TrafficPercent.WholeTenths;
        if (ordered.Count >= 2)
        {
            top -= ordered[^1].Percent.Tenths;
            Fill(top, TrafficPercent.WholeTenths, ordered[^1].Version);
        }

        Fill(bottom, top, reservoir.Version);
    }

    public TrafficAllocation Allocation { get; }

    /// <summary>The version that absorbs share changes of the others.</summary>
    public string Stable { get; }

    /// <summary>The version for this request: by the key's slot when there is a key, otherwise weighted random.</summary>
    public string Route(string? routingKey) =>
        string.IsNullOrEmpty(routingKey) ? versionBySlot[random.Next(TrafficPercent.WholeTenths)] : RouteKey(routingKey);

    /// <summary>The version for a routing key; the same key gets the same version while the allocation is unchanged.</summary>
    public string RouteKey(ReadOnlySpan<char> routingKey) => versionBySlot[RoutingHash.Slot(routingKey)];

    /// <summary>The version owning a slot (0..999); lets tests and the portal show the layout.</summary>
    public string VersionAt(int slot) => versionBySlot[slot];

    private void Fill(int from, int to, string version) => versionBySlot.AsSpan(from, to - from).Fill(version);

    /// <summary>Semantic versions in semver order first, then any other text in ordinal order: a fixed total order.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var xs = SemanticVersion.TryParse(x, out var xv);
            var ys = SemanticVersion.TryParse(y, out var yv);
            if (xs && ys)
            {
                var bySemver = xv!.CompareTo(yv);
                if (bySemver != 0)
                {
                    return bySemver;
                }
            }
            else if (xs != ys)
            {
                return xs ? -1 : 1;
            }

            return string.CompareOrdinal(x, y);
        }
    }
}
