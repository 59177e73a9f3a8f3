using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>A/B tests: each handler translates HTTP to one <see cref="AbTestService"/> call.</summary>
public static class AbTestEndpoints
{
    public static void MapAbTestEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models/{name}/abtests").WithTags("A/B tests");
        models.MapPost("", CreateAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapGet("", ListAsync);

        var tests = api.MapGroup("/abtests").WithTags("A/B tests");
        tests.MapGet("/{id:guid}", GetAsync);
        tests.MapGet("/{id:guid}/history", HistoryAsync);
        tests.MapPost("/{id:guid}/stop", StopAsync).RequireAuthorization(PortalSecurity.Engineers);
    }

    private static async Task<Created<AbTestView>> CreateAsync(string name, AbTestInput body, AbTestService tests, ClaimsPrincipal user, CancellationToken ct)
    {
        var created = await tests.CreateAsync(name, body, ActorFactory.From(user), ct);
        return TypedResults.Created($"/api/v1/abtests/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<AbTestSummary>>> ListAsync(string name, AbTestService tests, CancellationToken ct) =>
        TypedResults.Ok(await tests.ListAsync(name, ct));

    private static async Task<Ok<AbTestView>> GetAsync(Guid id, AbTestService tests, CancellationToken ct) =>
        TypedResults.Ok(await tests.GetAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<AbTestPoint>>> HistoryAsync(Guid id, int? points, AbTestService tests, CancellationToken ct) =>
        TypedResults.Ok(await tests.HistoryAsync(id, points ?? 12, ct));

    private static async Task<Ok<AbTestView>> StopAsync(Guid id, AbTestStopInput? body, AbTestService tests, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await tests.StopAsync(id, body, ActorFactory.From(user), ct));
}
