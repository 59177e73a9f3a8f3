using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>What <c>POST /api/v1/models/{name}/retrain</c> answers: the job id to poll at <c>/api/v1/jobs/{jobId}</c>.</summary>
public sealed record RetrainAccepted(Guid JobId, string State);

/// <summary>Retraining: launch, jobs (read, list, cancel) and the per-model schedule. Engineers launch; everyone reads.</summary>
public static class TrainingEndpoints
{
    public static void MapTrainingEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{name}/retrain", LaunchAsync).RequireAuthorization(PortalSecurity.Engineers).WithTags("Training");
        api.MapGet("/models/{name}/retrain-schedule", GetScheduleAsync).WithTags("Training");
        api.MapPut("/models/{name}/retrain-schedule", SetScheduleAsync).RequireAuthorization(PortalSecurity.Engineers).WithTags("Training");

        var jobs = api.MapGroup("/jobs").WithTags("Training");
        jobs.MapGet("", ListAsync);
        jobs.MapGet("/{id:guid}", GetAsync);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(PortalSecurity.Engineers);
    }

    private static async Task<Accepted<RetrainAccepted>> LaunchAsync(string name, RetrainInput? body, TrainingService training, ClaimsPrincipal user, CancellationToken ct)
    {
        var run = await training.LaunchAsync(name, body, TrainingService.ManualTrigger, ActorFactory.From(user), ct);
        return TypedResults.Accepted($"/api/v1/jobs/{run.JobId}", new RetrainAccepted(run.JobId, run.State));
    }

    private static Task<Paged<TrainingRunView>> ListAsync(TrainingService training, string? model, string? state, int? page, int? pageSize, CancellationToken ct) =>
        training.ListAsync(model, state, new PageRequest(page ?? 1, pageSize ?? 25), ct);

    private static Task<TrainingRunView> GetAsync(Guid id, TrainingService training, CancellationToken ct) => training.GetAsync(id, ct);

    private static Task<TrainingRunView> CancelAsync(Guid id, TrainingService training, ClaimsPrincipal user, CancellationToken ct) =>
        training.CancelAsync(id, ActorFactory.From(user), ct);

    private static async Task<Results<Ok<RetrainScheduleView>, NoContent>> GetScheduleAsync(string name, TrainingService training, CancellationToken ct) =>
        await training.ScheduleAsync(name, ct) is { } schedule ? TypedResults.Ok(schedule) : TypedResults.NoContent();

    private static async Task<Results<Ok<RetrainScheduleView>, NoContent>> SetScheduleAsync(string name, RetrainScheduleInput? body, TrainingService training, ClaimsPrincipal user, CancellationToken ct) =>
        await training.SetScheduleAsync(name, body, ActorFactory.From(user), ct) is { } schedule ? TypedResults.Ok(schedule) : TypedResults.NoContent();
}
