using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class RollbackEvaluatorTests
{
    private const string Stable = "1.0.0";
    private const string Candidate = "1.1.0";

    private static readonly TrafficAllocation Canary50 = TrafficAllocation.Canary(Stable, Candidate, TrafficPercent.FromTenths(500));

    private static VersionHealth Health(
        string version,
        int requests = 200,
        int errors = 0,
        double p95 = 20,
        int labelled = 0,
        int correct = 0) =>
        new(version, requests, errors, LatencyP50Ms: 5, p95, labelled, correct, MaeSamples: 0, Mae: null);

    private static RollbackDecision Evaluate(VersionHealth candidate, VersionHealth? stable = null, RollbackPolicy? policy = null, TrafficAllocation? allocation = null)
    {
        var health = new Dictionary<string, VersionHealth> { [Candidate] = candidate, [Stable] = stable ?? Health(Stable) };
        return RollbackEvaluator.Evaluate(policy ?? RollbackPolicy.Default, allocation ?? Canary50, Stable, health);
    }

    [Fact]
    public void A_healthy_candidate_needs_no_action()
    {
        var decision = Evaluate(Health(Candidate));

        Assert.Equal(HealthVerdict.Healthy, decision.Verdict);
        Assert.Equal(RollbackAction.None, decision.Action);
        Assert.Null(decision.NewAllocation);
        Assert.Empty(decision.Breaches);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void Fewer_than_the_minimum_samples_is_not_judged_even_when_failing(int requests)
    {
        var decision = Evaluate(Health(Candidate, requests: requests, errors: requests, p95: 5000));

        Assert.Equal(HealthVerdict.NotEnoughSamples, decision.Verdict);
        Assert.Equal(RollbackAction.None, decision.Action);
        Assert.Equal([Candidate], decision.Waiting);
    }

    [Fact]
    public void A_candidate_without_any_health_entry_is_waiting()
    {
        var decision = RollbackEvaluator.Evaluate(RollbackPolicy.Default, Canary50, Stable, new Dictionary<string, VersionHealth>());

        Assert.Equal(HealthVerdict.NotEnoughSamples, decision.Verdict);
    }

    [Fact]
    public void Exactly_the_minimum_samples_is_judged()
    {
        Assert.Equal(HealthVerdict.Breach, Evaluate(Health(Candidate, requests: 100, errors: 11)).Verdict);
    }

    [Theory]
    [InlineData(100, 10, false)]   // exactly 10 % is the limit itself, not above it
    [InlineData(100, 11, true)]
    [InlineData(1000, 100, false)]
    [InlineData(1000, 101, true)]  // 10.1 %
    [InlineData(300, 30, false)]
    [InlineData(300, 31, true)]
    public void Error_rate_breaches_only_above_the_limit(int requests, int errors, bool breach)
    {
        var decision = Evaluate(Health(Candidate, requests: requests, errors: errors));

        Assert.Equal(breach ? HealthVerdict.Breach : HealthVerdict.Healthy, decision.Verdict);
        if (breach)
        {
            var evidence = Assert.Single(decision.Breaches);
            Assert.Equal(HealthMetric.ErrorRate, evidence.Metric);
            Assert.Equal(10, evidence.Limit);
            Assert.Contains($"({errors} of {requests} requests) is above 10 %", evidence.Evidence, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(100.01, true)]
    [InlineData(250, true)]
    public void P95_latency_breaches_only_above_the_limit(double p95, bool breach)
    {
        var decision = Evaluate(Health(Candidate, p95: p95));

        Assert.Equal(breach ? HealthVerdict.Breach : HealthVerdict.Healthy, decision.Verdict);
        if (breach)
        {
            var evidence = Assert.Single(decision.Breaches);
            Assert.Equal((HealthMetric.LatencyP95, p95, 100.0), (evidence.Metric, evidence.Observed, evidence.Limit));
        }
    }

    [Theory]
    [InlineData(180, 170, false)]  // 90 % vs 85 %: exactly 5 points
    [InlineData(180, 169, true)]   // 84.5 %: 5.5 points below
    [InlineData(180, 200, false)]  // better than stable
    public void Accuracy_breaches_only_more_than_the_allowed_drop_below_stable(int stableCorrect, int candidateCorrect, bool breach)
    {
        var decision = Evaluate(
            Health(Candidate, labelled: 200, correct: candidateCorrect),
            Health(Stable, labelled: 200, correct: stableCorrect));

        Assert.Equal(breach ? HealthVerdict.Breach : HealthVerdict.Healthy, decision.Verdict);
        if (breach)
        {
            var evidence = Assert.Single(decision.Breaches);
            Assert.Equal(HealthMetric.Accuracy, evidence.Metric);
            Assert.Equal(84.5, evidence.Observed, 9);
            Assert.Equal(85, evidence.Limit, 9);
            Assert.Equal("1.1.0: accuracy 84.5 % (169 of 200 labelled) is 5.5 points below the stable 1.0.0 at 90 %, more than 5 points", evidence.Evidence);
        }
    }

    [Fact]
    public void Accuracy_with_unequal_label_counts_is_compared_exactly()
    {
        // Stable 270/300 = 90 %, candidate 102/120 = 85 %: exactly 5 points, so no breach; one fewer correct is.
        Assert.Equal(HealthVerdict.Healthy, Evaluate(Health(Candidate, labelled: 120, correct: 102), Health(Stable, labelled: 300, correct: 270)).Verdict);
        Assert.Equal(HealthVerdict.Breach, Evaluate(Health(Candidate, labelled: 120, correct: 101), Health(Stable, labelled: 300, correct: 270)).Verdict);
    }

    [Theory]
    [InlineData(99, 200)]
    [InlineData(200, 99)]
    public void Accuracy_is_not_judged_until_both_versions_have_enough_labels(int candidateLabels, int stableLabels)
    {
        var decision = Evaluate(Health(Candidate, labelled: candidateLabels, correct: 0), Health(Stable, labelled: stableLabels, correct: stableLabels));

        Assert.Equal(HealthVerdict.Healthy, decision.Verdict);
    }

    [Fact]
    public void Every_broken_limit_is_in_the_evidence()
    {
        var decision = Evaluate(Health(Candidate, errors: 40, p95: 300, labelled: 200, correct: 100), Health(Stable, labelled: 200, correct: 190));

        Assert.Equal([HealthMetric.ErrorRate, HealthMetric.LatencyP95, HealthMetric.Accuracy], decision.Breaches.Select(b => b.Metric));
        Assert.Contains("error rate 20 % (40 of 200 requests)", decision.Evidence, StringComparison.Ordinal);
        Assert.Contains("p95 latency 300 ms over 200 requests is above 100 ms", decision.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Immediate_mode_returns_the_candidates_traffic_to_stable()
    {
        var decision = Evaluate(Health(Candidate, errors: 50));

        Assert.Equal((HealthVerdict.Breach, RollbackAction.RollBack), (decision.Verdict, decision.Action));
        Assert.Equal(TrafficPercent.Hundred, decision.NewAllocation!.ShareOf(Stable));
        Assert.True(decision.NewAllocation.ShareOf(Candidate).IsZero);
    }

    [Fact]
    public void Gradual_mode_halves_the_candidate_per_evaluation_until_zero()
    {
        var policy = RollbackPolicy.Default with { Mode = RollbackMode.Gradual };
        var allocation = Canary50;
        var candidateShares = new List<decimal>();
        while (!allocation.ShareOf(Candidate).IsZero)
        {
            var decision = Evaluate(Health(Candidate, p95: 400), policy: policy, allocation: allocation);
            Assert.Equal((HealthVerdict.Breach, RollbackAction.StepDown), (decision.Verdict, decision.Action));
            allocation = decision.NewAllocation!;
            candidateShares.Add(allocation.ShareOf(Candidate).Value);
            Assert.Equal(TrafficPercent.WholeTenths, allocation.Shares.Sum(s => s.Percent.Tenths));
        }

        Assert.Equal([25m, 12.5m, 6.2m, 3.1m, 1.5m, 0m], candidateShares);
        Assert.Equal(HealthVerdict.Healthy, Evaluate(Health(Candidate, p95: 400), policy: policy, allocation: allocation).Verdict);
    }

    [Fact]
    public void Manual_mode_raises_an_alert_and_changes_nothing()
    {
        var decision = Evaluate(Health(Candidate, errors: 50), policy: RollbackPolicy.Default with { Mode = RollbackMode.Manual });

        Assert.Equal((HealthVerdict.Breach, RollbackAction.Alert), (decision.Verdict, decision.Action));
        Assert.Null(decision.NewAllocation);
        Assert.Single(decision.Breaches);
    }

    [Fact]
    public void A_breach_wins_over_a_candidate_still_gathering_samples_and_only_the_breaching_one_moves()
    {
        const string Other = "1.2.0";
        var allocation = Canary50.Move(Other, TrafficPercent.FromTenths(100), Stable);
        var health = new Dictionary<string, VersionHealth>
        {
            [Stable] = Health(Stable),
            [Candidate] = Health(Candidate, errors: 100),
            [Other] = Health(Other, requests: 10),
        };

        var decision = RollbackEvaluator.Evaluate(RollbackPolicy.Default, allocation, Stable, health);

        Assert.Equal(HealthVerdict.Breach, decision.Verdict);
        Assert.Equal([Other], decision.Waiting);
        Assert.Equal(900, decision.NewAllocation!.ShareOf(Stable).Tenths);
        Assert.Equal(100, decision.NewAllocation.ShareOf(Other).Tenths);
    }

    [Fact]
    public void The_stable_version_alone_is_healthy_by_definition()
    {
        var decision = RollbackEvaluator.Evaluate(
            RollbackPolicy.Default,
            TrafficAllocation.Single(Stable),
            Stable,
            new Dictionary<string, VersionHealth> { [Stable] = Health(Stable, errors: 200) });

        Assert.Equal(HealthVerdict.Healthy, decision.Verdict);
    }

    [Fact]
    public void Nonsense_policy_settings_are_refused_by_field()
    {
        Assert.Contains("maxErrorRatePercent", Assert.Throws<DomainException>(() => (RollbackPolicy.Default with { MaxErrorRatePercent = 101 }).Validated()).Message, StringComparison.Ordinal);
        Assert.Contains("maxP95LatencyMs", Assert.Throws<DomainException>(() => (RollbackPolicy.Default with { MaxP95LatencyMs = 0 }).Validated()).Message, StringComparison.Ordinal);
        Assert.Contains("maxAccuracyDropPoints", Assert.Throws<DomainException>(() => (RollbackPolicy.Default with { MaxAccuracyDropPoints = -1 }).Validated()).Message, StringComparison.Ordinal);
        Assert.Contains("minSamples", Assert.Throws<DomainException>(() => (RollbackPolicy.Default with { MinSamples = 0 }).Validated()).Message, StringComparison.Ordinal);
        Assert.Contains("mode", Assert.Throws<DomainException>(() => (RollbackPolicy.Default with { Mode = (RollbackMode)9 }).Validated()).Message, StringComparison.Ordinal);
        Assert.Same(RollbackPolicy.Default, RollbackPolicy.Default.Validated());
    }
}
