using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Engine;

/// <summary>Registers the lifecycle engine's services (registry, approvals, audit, keys, users).</summary>
public static class LifecycleEngine
{
    public static WebApplicationBuilder AddLifecycleEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<ApprovalOptions>(builder.Configuration.GetSection("Portal:Approvals"));
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<PromotionService>();
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddScoped<UserAdministration>();
        return builder;
    }
}
