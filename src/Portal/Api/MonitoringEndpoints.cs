using System.Security.Claims;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>Live-traffic monitoring per model: settings (schedule, reference, trigger), scan now, scans and trigger history. Engineers change and scan; everyone reads.</summary>
public static class MonitoringEndpoints
{
    public static void MapMonitoringEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models/{name}/monitoring").WithTags("Monitoring");
        group.MapGet("", GetAsync);
        group.MapPut("", SetAsync).RequireAuthorization(PortalSecurity.Engineers);
        group.MapPost("/scan", ScanAsync).RequireAuthorization(PortalSecurity.Engineers);
        group.MapGet("/scans", ScansAsync);
        group.MapGet("/triggers", TriggersAsync);
    }

    private static Task<MonitoringSettingsView> GetAsync(string name, DriftScanService scans, CancellationToken ct) => scans.SettingsAsync(name, ct);

    private static Task<MonitoringSettingsView> SetAsync(string name, MonitoringSettingsInput? body, DriftScanService scans, ClaimsPrincipal user, CancellationToken ct) =>
        scans.SetSettingsAsync(name, body, ActorFactory.From(user), ct);

    private static Task<ScanResult> ScanAsync(string name, DriftScanService scans, ClaimsPrincipal user, CancellationToken ct) =>
        scans.ScanAsync(name, ActorFactory.From(user), ct);

    private static Task<Paged<DriftReportSummary>> ScansAsync(string name, DriftScanService scans, int? page, int? pageSize, CancellationToken ct) =>
        scans.ScansAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct);

    private static Task<IReadOnlyList<TriggerHistoryItem>> TriggersAsync(string name, DriftScanService scans, int? take, CancellationToken ct) =>
        scans.TriggerHistoryAsync(name, take ?? 50, ct);
}
