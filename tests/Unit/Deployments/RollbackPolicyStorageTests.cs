using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Tests.Unit.Deployments;

public sealed class RollbackPolicyStorageTests
{
    [Fact]
    public void A_stored_policy_keeps_its_gradual_floor_and_every_limit()
    {
        var policy = new RollbackPolicy
        {
            MaxErrorRatePercent = 2.5m,
            MaxP95LatencyMs = 80,
            MaxAccuracyDropPoints = 3,
            MinSamples = 40,
            Mode = RollbackMode.Gradual,
            StepDown = GradualStepDown.Of(5),
        };

        var json = Json.Serialize(policy);
        var read = Json.Deserialize<RollbackPolicy>(json);

        Assert.Equal(policy, read);
        Assert.Equal(TrafficPercent.FromTenths(50), read.StepDown.Floor);
        Assert.Contains("\"floor\":5", json, StringComparison.Ordinal);
    }
}
