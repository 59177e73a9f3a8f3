using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class TrafficAllocationTests
{
    private static readonly Dictionary<string, ServingVersion> Versions = new()
    {
        ["1.0.0"] = new("1.0.0", Stage.Production, Healthy: true),
        ["1.1.0"] = new("1.1.0", Stage.Staging, Healthy: true),
        ["1.2.0"] = new("1.2.0", Stage.Staging, Healthy: true),
        ["0.9.0"] = new("0.9.0", Stage.Archived, Healthy: true),
        ["1.3.0"] = new("1.3.0", Stage.Staging, Healthy: false),
    };

    private static TrafficAllocation Validate(params (string? Version, decimal Percent)[] shares) =>
        TrafficAllocation.Validate([.. shares.Select(s => new RequestedShare(s.Version, s.Percent))], Lookup, TrafficAllocation.DefaultCandidateCap);

    private static ServingVersion? Lookup(string version) => Versions.GetValueOrDefault(version);

    private static string Refusal(params (string? Version, decimal Percent)[] shares)
    {
        var error = Assert.Throws<DomainException>(() => Validate(shares));
        Assert.Equal(FailureKind.Validation, error.Kind);
        return error.Message;
    }

    [Fact]
    public void A_valid_canary_split_keeps_its_shares_in_tenths()
    {
        var allocation = Validate(("1.0.0", 87.5m), ("1.1.0", 12.5m));

        Assert.Equal(875, allocation.ShareOf("1.0.0").Tenths);
        Assert.Equal(12.5m, allocation.ShareOf("1.1.0").Value);
        Assert.Equal(TrafficPercent.Zero, allocation.ShareOf("1.2.0"));
        Assert.Equal("1.0.0 87.5 %, 1.1.0 12.5 %", allocation.ToString());
    }

    [Fact]
    public void Percents_written_with_trailing_zeros_are_still_one_decimal()
    {
        var allocation = Validate(("1.0.0", 90.00m), ("1.1.0", 10.0m));

        Assert.Equal(100, allocation.ShareOf("1.1.0").Tenths);
    }

    [Theory]
    [InlineData(90, 9.9)]
    [InlineData(90, 10.1)]
    [InlineData(0, 0)]
    public void Percents_must_sum_to_exactly_100(double stable, double candidate)
    {
        var message = Refusal(("1.0.0", (decimal)stable), ("1.1.0", (decimal)candidate));

        Assert.Contains("not exactly 100", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiny_differences_that_a_double_would_hide_are_refused()
    {
        // 89.95 + 10.05 is exactly 100, but two decimals must not round their way in; 66.6 + 33.4 is fine.
        Assert.Contains("more than one decimal", Refusal(("1.0.0", 89.95m), ("1.1.0", 10.05m)), StringComparison.Ordinal);
        Assert.Equal(334, Validate(("1.0.0", 66.6m), ("1.1.0", 33.4m)).ShareOf("1.1.0").Tenths);
    }

    [Fact]
    public void More_than_one_decimal_names_the_field()
    {
        Assert.Equal("allocations[1].percent: 12.25 has more than one decimal.", Refusal(("1.0.0", 87.7m), ("1.1.0", 12.25m)));
    }

    [Fact]
    public void Negative_and_above_100_percents_are_refused()
    {
        Assert.Contains("allocations[1].percent: -10 is negative", Refusal(("1.0.0", 100m), ("1.1.0", -10m)), StringComparison.Ordinal);
        Assert.Contains("allocations[0].percent: 110 is above 100", Refusal(("1.0.0", 110m)), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_versions_are_refused()
    {
        Assert.Equal("allocations[1].version: 1.0.0 is listed more than once.", Refusal(("1.0.0", 50m), (" 1.0.0", 50m)));
    }

    [Fact]
    public void Missing_and_unknown_versions_are_refused()
    {
        Assert.Equal("allocations[0].version is required.", Refusal(("", 100m)));
        Assert.Equal("allocations[1].version: 7.0.0 does not exist.", Refusal(("1.0.0", 90m), ("7.0.0", 10m)));
        Assert.Contains("at least one version", Assert.Throws<DomainException>(
            () => TrafficAllocation.Validate([], Lookup, TrafficAllocation.DefaultCandidateCap)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Archived_and_unhealthy_versions_cannot_take_traffic()
    {
        Assert.Equal("allocations[1].version: 0.9.0 is Archived and cannot serve traffic.", Refusal(("1.0.0", 90m), ("0.9.0", 10m)));
        Assert.Contains("1.3.0 is unhealthy", Refusal(("1.0.0", 90m), ("1.3.0", 10m)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_that_cannot_serve_may_stay_listed_at_zero()
    {
        var allocation = Validate(("1.0.0", 100m), ("1.3.0", 0m));

        Assert.True(allocation.Contains("1.3.0"));
        Assert.True(allocation.ShareOf("1.3.0").IsZero);
    }

    [Fact]
    public void Candidates_together_may_reach_the_cap_but_not_pass_it()
    {
        Assert.Equal(500, Validate(("1.0.0", 50m), ("1.1.0", 50m)).ShareOf("1.1.0").Tenths);
        Assert.Equal(500, Validate(("1.0.0", 50m), ("1.1.0", 30m), ("1.2.0", 20m)).ShareOf("1.0.0").Tenths);

        var message = Refusal(("1.0.0", 49.9m), ("1.1.0", 30m), ("1.2.0", 20.1m));
        Assert.Contains("50.1 % in total, above the model's cap of 50 %", message, StringComparison.Ordinal);
        Assert.Contains("approved Production promotion", Refusal(("1.1.0", 100m)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cap_is_per_model()
    {
        var requested = new[] { new RequestedShare("1.0.0", 25m), new RequestedShare("1.1.0", 75m) };

        var allocation = TrafficAllocation.Validate(requested, Lookup, TrafficPercent.Parse(80m, "cap"));

        Assert.Equal(750, allocation.ShareOf("1.1.0").Tenths);
        Assert.Throws<DomainException>(() => TrafficAllocation.Validate(requested, Lookup, TrafficPercent.Parse(20m, "cap")));
        Assert.Throws<DomainException>(() => TrafficAllocation.Validate(requested, Lookup, TrafficPercent.Hundred));
    }

    [Fact]
    public void Moving_a_candidate_changes_only_it_and_the_stable_version()
    {
        var allocation = Validate(("1.0.0", 60m), ("1.1.0", 10m), ("1.2.0", 30m));

        var moved = allocation.Move("1.1.0", TrafficPercent.FromTenths(250), "1.0.0");

        Assert.Equal(450, moved.ShareOf("1.0.0").Tenths);
        Assert.Equal(250, moved.ShareOf("1.1.0").Tenths);
        Assert.Equal(300, moved.ShareOf("1.2.0").Tenths);
        Assert.True(moved.Move("1.1.0", TrafficPercent.Zero, "1.0.0").Contains("1.1.0"));
        Assert.Contains("at most 70 %", Assert.Throws<DomainException>(
            () => allocation.Move("1.1.0", TrafficPercent.FromTenths(710), "1.0.0")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocations_with_the_same_shares_are_equal()
    {
        Assert.Equal(Validate(("1.0.0", 90m), ("1.1.0", 10m)), TrafficAllocation.Canary("1.0.0", "1.1.0", TrafficPercent.FromTenths(100)));
        Assert.NotEqual(Validate(("1.0.0", 90m), ("1.1.0", 10m)), TrafficAllocation.Single("1.0.0"));
    }
}
