using System.Net;

namespace ModelLifecycle.Tests.Unit.Integration.Deployments;

/// <summary>The hosted evaluator really runs on its interval and rolls back without anyone calling it.</summary>
public sealed class DeploymentHealthMonitorTests : IAsyncLifetime
{
    private readonly PortalApp app = new() { Settings = new Dictionary<string, string> { ["Portal:Deployments:HealthInterval"] = "00:00:01" } };
    private DeploymentScenario s = default!;

    public async Task InitializeAsync()
    {
        s = new DeploymentScenario(app);
        await s.StartAsync();
        await s.ProductionAndCandidateAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_periodic_evaluator_rolls_back_a_failing_canary_by_itself()
    {
        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 20, policy = new { minSamples = 10 } })).StatusCode);
        await s.LogAsync("1.1.0", 20, errors: 10);

        // Wait for what a person would see: the status turning to RolledBack (bounded, no fixed sleep).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var status = "";
        while (DateTime.UtcNow < deadline && status != "RolledBack")
        {
            status = (await s.StateAsync()).GetProperty("status").GetString()!;
            if (status != "RolledBack")
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("RolledBack", status);
        Assert.Equal(0m, DeploymentScenario.Split(await s.StateAsync())["1.1.0"]);
    }
}
