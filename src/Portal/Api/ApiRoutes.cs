using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>The REST API under /api/v1: every group requires a role policy, the same as the portal page that does the same thing.</summary>
public static class ApiRoutes
{
    public static WebApplication MapApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        ApiDocumentation.Describe(v1);
        v1.MapAuthEndpoints();

        // Predict and feedback admit the Scorer role, which the readers' group below does not.
        v1.MapServingEndpoints();
        var secured = v1.MapGroup("").RequireAuthorization(PortalSecurity.Readers);
        secured.MapRegistryEndpoints();
        secured.MapApprovalEndpoints();
        secured.MapAuditEndpoints();
        secured.MapDriftEndpoints();
        secured.MapDatasetEndpoints();
        secured.MapTrainingEndpoints();
        secured.MapAdminEndpoints();
        secured.MapDeploymentEndpoints();
        secured.MapAbTestEndpoints();
        secured.MapAlertEndpoints();
        secured.MapMonitoringEndpoints();
        return app;
    }
}
