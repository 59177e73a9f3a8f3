using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Engine;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Storage;
using MudBlazor.Services;

namespace ModelLifecycle.Tests.Component;

/// <summary>
/// bUnit context with MudBlazor and the real engine over a fresh SQLite file: pages render what the engine stores.
/// </summary>
public abstract class PortalComponentContext : BunitContext, IAsyncLifetime
{
    protected static readonly Actor Engineer = new("eng-id", "engineer@test", new HashSet<string> { PortalRoles.Engineer });
    protected static readonly Actor Approver = new("app-id", "approver@test", new HashSet<string> { PortalRoles.Approver });

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), $"ml-bunit-{Guid.NewGuid():N}");

    protected PortalComponentContext()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = dataDirectory,
            ["Portal:Audit:Key"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        Services.AddLogging();
        Services.AddPortalStorage(config);
        Services.AddLifecycleEngine(config);
        // The real Hangfire client on in-memory storage, with no server: a launched run stays queued, and a test plays
        // the job's part through TrainingRunTracker.
        var jobs = new Hangfire.InMemory.InMemoryStorage();
        Services.AddSingleton<ModelLifecycle.Domain.Training.ITrainingQueue>(
            new ModelLifecycle.Jobs.Training.HangfireTrainingQueue(new Hangfire.BackgroundJobClient(jobs), new Hangfire.RecurringJobManager(jobs), jobs));
        Services.AddSingleton<ModelLifecycle.Domain.Monitoring.IDriftScanScheduler>(
            new ModelLifecycle.Jobs.Monitoring.HangfireDriftScanScheduler(new Hangfire.RecurringJobManager(jobs)));
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The real policies and the real authorization service; only who is signed in is set by the test.
        Services.AddAuthorizationCore(PortalSecurity.ConfigurePolicies);
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(signedIn);
    }

    private readonly SignedInUser signedIn = new();

    protected ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    protected PromotionService Promotions => Services.GetRequiredService<PromotionService>();

    public async Task InitializeAsync() => await Services.MigratePortalDatabaseAsync(CancellationToken.None);

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>Signs the rendered pages in as <paramref name="actor"/> with its roles.</summary>
    protected void SignIn(Actor actor)
    {
        var claims = actor.Roles.Select(r => new Claim(ClaimTypes.Role, r))
            .Append(new Claim(ClaimTypes.Name, actor.Name))
            .Append(new Claim(ClaimTypes.NameIdentifier, actor.Id));
        signedIn.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private sealed class SignedInUser : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    /// <summary>A model with a Staging version 1.0.0 and a pending Production request by the engineer.</summary>
    protected async Task<PromotionView> PendingRequestAsync(Actor requester)
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "Customer churn", [new("tenure", "numeric")], null, new MetricGate("auc", 0.8)), Engineer, CancellationToken.None);
        using var artifact = new MemoryStream([1, 2, 3]);
        await Registry.RegisterVersionAsync("churn", new VersionMetadata("1.0.0", new() { ["auc"] = 0.91 }), artifact, "churn.zip", Engineer, CancellationToken.None);
        await Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, Engineer, CancellationToken.None);
        return await Promotions.RequestAsync("churn", "1.0.0", "Production", "Beats the baseline", requester, CancellationToken.None);
    }
}
