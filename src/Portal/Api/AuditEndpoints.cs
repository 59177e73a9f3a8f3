using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Portal.Api;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");
        group.MapGet("", (AuditTrail audit, string? entityType, string? entityId, string? actor, string? action, DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken ct) =>
            audit.QueryAsync(new AuditQuery(entityType, entityId, actor, action, from?.ToUniversalTime(), to?.ToUniversalTime()), new PageRequest(page ?? 1, pageSize ?? 50), ct));
        group.MapGet("/verify", async (AuditTrail audit, CancellationToken ct) =>
        {
            var result = await audit.VerifyAsync(ct);
            return new
            {
                valid = result.Valid,
                events = result.Events,
                firstBrokenEventId = result.FirstBrokenEventId,
                message = result.Message,
                problem = result.Problem,
                firstBrokenSequence = result.FirstBrokenSequence,
                checkpoint = result.Checkpoint is { } c ? new { sequence = c.Sequence, hash = c.Hash, at = c.At } : null,
            };
        });
        group.MapGet("/export", async (HttpContext http, AuditTrail audit, string? entityType, string? entityId, string? actor, string? action, DateTime? from, DateTime? to, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=audit.csv";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), leaveOpen: true);
            await AuditCsvFormat.WriteAsync(writer, audit.StreamAsync(new AuditQuery(entityType, entityId, actor, action, from?.ToUniversalTime(), to?.ToUniversalTime()), ct), ct);
        });
    }
}
