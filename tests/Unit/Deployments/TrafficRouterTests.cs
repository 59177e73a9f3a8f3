using System.Text;
using System.Text.Json;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class TrafficRouterTests
{
    private const int KeyCount = 100_000;
    private const string Stable = "1.0.0";
    private const string Candidate = "1.1.0";

    private static readonly string[] Keys = [.. Enumerable.Range(0, KeyCount).Select(i => $"user-{i}")];

    private static TrafficPercent P(decimal percent) => TrafficPercent.Parse(percent, "percent");

    private static TrafficRouter CanaryRouter(decimal candidatePercent) =>
        new(TrafficAllocation.Canary(Stable, Candidate, P(candidatePercent)), Stable);

    [Fact]
    public void The_same_key_reaches_the_same_version_while_the_allocation_is_unchanged()
    {
        var first = CanaryRouter(30);
        var rebuilt = new TrafficRouter(TrafficAllocation.Canary(Stable, Candidate, P(30)), Stable);

        foreach (var key in Keys)
        {
            var version = first.Route(key);
            Assert.Equal(version, first.Route(key));
            Assert.Equal(version, rebuilt.Route(key));
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 50)]
    [InlineData(12.5, 12.6)]
    [InlineData(50, 100)]
    [InlineData(50, 10)]
    [InlineData(10, 0)]
    [InlineData(33.3, 0.1)]
    public void Moving_the_canary_moves_keys_only_in_the_direction_of_the_change(decimal from, decimal to)
    {
        var before = CanaryRouter(from);
        var after = CanaryRouter(to);

        var moved = 0;
        foreach (var key in Keys)
        {
            var was = before.Route(key);
            var now = after.Route(key);
            if (was == now)
            {
                continue;
            }

            moved++;
            // Growing moves keys only into the canary; shrinking only out of it.
            Assert.Equal(to > from ? (Stable, Candidate) : (Candidate, Stable), (was, now));
        }

        // About |q − p| of the keys move: a move happened and it is the right size.
        AssertShare(moved, Math.Abs(to - from));
    }

    [Fact]
    public void With_two_candidates_each_moves_only_against_the_stable_version()
    {
        const string Newest = "2.0.0-rc.1";
        var allocation = TrafficAllocation.Single(Stable)
            .Move(Candidate, P(10), Stable)
            .Move(Newest, P(20), Stable);
        var baseline = new TrafficRouter(allocation, Stable);

        foreach (var (version, to) in new[] { (Candidate, 35m), (Newest, 40m), (Candidate, 0m), (Newest, 0m) })
        {
            var changed = new TrafficRouter(allocation.Move(version, P(to), Stable), Stable);
            var grows = P(to) > allocation.ShareOf(version);
            foreach (var key in Keys)
            {
                var was = baseline.Route(key);
                var now = changed.Route(key);
                if (was != now)
                {
                    Assert.Equal(grows ? (Stable, version) : (version, Stable), (was, now));
                }
            }
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(0.5)]
    public void Keyed_routing_gives_each_version_its_share(decimal candidatePercent)
    {
        var router = CanaryRouter(candidatePercent);

        AssertShare(Keys.Count(k => router.Route(k) == Candidate), candidatePercent);
    }

    [Fact]
    public void Without_a_key_routing_is_weighted_random()
    {
        var router = new TrafficRouter(TrafficAllocation.Canary(Stable, Candidate, P(25)), Stable, new Random(7));

        var toCandidate = Enumerable.Range(0, KeyCount).Count(_ => router.Route(null) == Candidate);
        var emptyKey = Enumerable.Range(0, KeyCount).Count(_ => router.Route("") == Candidate);

        AssertShare(toCandidate, 25);
        AssertShare(emptyKey, 25);
    }

    [Fact]
    public void A_single_version_takes_everything()
    {
        var router = new TrafficRouter(TrafficAllocation.Single(Candidate), stable: null);

        Assert.All(Keys.Take(10_000), key => Assert.Equal(Candidate, router.Route(key)));
        Assert.All(Enumerable.Range(0, 1000), slot => Assert.Equal(Candidate, router.VersionAt(slot)));
        Assert.Equal(Candidate, router.Route(null));
    }

    [Fact]
    public void A_version_at_zero_gets_nothing()
    {
        var router = CanaryRouter(0);

        Assert.DoesNotContain(Keys, key => router.Route(key) == Candidate);
        Assert.DoesNotContain(Enumerable.Range(0, 1000), slot => router.VersionAt(slot) == Candidate);
    }

    [Fact]
    public void Layout_anchors_the_newest_candidate_at_the_top_and_packs_the_others_from_zero()
    {
        var allocation = TrafficAllocation.Single(Stable)
            .Move("1.10.0", P(20), Stable)
            .Move("1.2.0", P(10), Stable)
            .Move("1.9.0", P(5), Stable);

        var router = new TrafficRouter(allocation, Stable);

        // Semantic order (1.2 < 1.9 < 1.10), not text order: 1.2.0 [0, 10 %), 1.9.0 [10, 15 %), stable, 1.10.0 [80, 100 %).
        Assert.Equal("1.2.0", router.VersionAt(0));
        Assert.Equal("1.2.0", router.VersionAt(99));
        Assert.Equal("1.9.0", router.VersionAt(100));
        Assert.Equal("1.9.0", router.VersionAt(149));
        Assert.Equal(Stable, router.VersionAt(150));
        Assert.Equal(Stable, router.VersionAt(799));
        Assert.Equal("1.10.0", router.VersionAt(800));
        Assert.Equal("1.10.0", router.VersionAt(999));
    }

    [Fact]
    public void Without_a_stable_version_the_lowest_version_absorbs_changes()
    {
        var router = new TrafficRouter(TrafficAllocation.Canary("2.0.0", "1.0.0", P(40)), stable: "9.9.9");

        Assert.Equal("1.0.0", router.Stable);
        Assert.Equal("2.0.0", router.VersionAt(0));
        Assert.Equal("1.0.0", router.VersionAt(999));
    }

    [Fact]
    public void Routing_allocates_nothing()
    {
        var router = CanaryRouter(10);
        string[] keys = ["user-1", "Ünïcödé 😀", "customer:42"];
        foreach (var key in keys)
        {
            // First calls initialise statics (Random.Shared makes its per-thread generator on first use).
            router.Route(key);
            router.Route(null);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var routedToCandidate = 0;
        for (var i = 0; i < 10_000; i++)
        {
            routedToCandidate += router.Route(keys[i % keys.Length]) == Candidate ? 1 : 0;
            routedToCandidate += router.Route(null) == Candidate ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(routedToCandidate, 1, 20_000);
    }

    [Fact]
    public void The_routing_hash_matches_the_independent_python_reference()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "deployments", "routing_hash_cases.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));

        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        foreach (var item in cases)
        {
            var key = item.GetProperty("key").GetString()!;
            Assert.Equal(ulong.Parse(item.GetProperty("hash").GetString()!, System.Globalization.CultureInfo.InvariantCulture), RoutingHash.Hash(key));
            Assert.Equal(item.GetProperty("slot").GetInt32(), RoutingHash.Slot(key));
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("Ünïcödé 日本語 😀")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("trailing \udfff")]
    public void Hashing_chars_equals_hashing_their_utf8_bytes(string key)
    {
        Assert.Equal(RoutingHash.Hash(Encoding.UTF8.GetBytes(key)), RoutingHash.Hash(key.AsSpan()));
    }

    /// <summary>Count out of <see cref="KeyCount"/> within five binomial standard deviations (plus one slot) of the percent.</summary>
    private static void AssertShare(int count, decimal percent)
    {
        var p = (double)percent / 100;
        var tolerance = (5 * Math.Sqrt(KeyCount * p * (1 - p))) + (KeyCount / 1000.0);
        Assert.InRange(count, (KeyCount * p) - tolerance, (KeyCount * p) + tolerance);
    }
}
