using Microsoft.AspNetCore.Http.HttpResults;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Serving;

namespace ModelLifecycle.Portal.Api;

/// <summary>
/// Predictions and feedback (Scorer role, and Engineers and up; not Viewers), and the model cache (stats for every
/// reader, clear and preload for Engineers and up). Mapped outside the readers' group, since a Scorer reads nothing else.
/// </summary>
public static class ServingEndpoints
{
    public static void MapServingEndpoints(this RouteGroupBuilder v1)
    {
        var scoring = v1.MapGroup("").RequireAuthorization(PortalSecurity.Scorers).WithTags("Serving");
        scoring.MapPost("/models/{name}/predict", PredictAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        scoring.MapPost("/models/{name}/predict/batch", PredictBatchAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        scoring.MapPost("/predictions/{id:guid}/feedback", FeedbackAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var cache = v1.MapGroup("/cache").RequireAuthorization(PortalSecurity.Readers).WithTags("Serving");
        cache.MapGet("/stats", (ScorerCache scorers) => TypedResults.Ok(scorers.Stats));
        cache.MapPost("/clear", Clear).RequireAuthorization(PortalSecurity.Engineers);
        cache.MapPost("/preload", PreloadAsync).RequireAuthorization(PortalSecurity.Engineers);
    }

    private static async Task<Ok<PredictionResponse>> PredictAsync(string name, PredictRequest request, PredictionService predictions, CancellationToken ct) =>
        TypedResults.Ok(await predictions.PredictAsync(name, request, ct));

    private static async Task<Ok<BatchPredictionResponse>> PredictBatchAsync(string name, BatchPredictRequest request, PredictionService predictions, CancellationToken ct) =>
        TypedResults.Ok(await predictions.PredictBatchAsync(name, request, ct));

    private static async Task<Ok<PredictionFeedbackView>> FeedbackAsync(Guid id, FeedbackRequest request, PredictionFeedback feedback, CancellationToken ct) =>
        TypedResults.Ok(await feedback.AttachAsync(id, request.Label, ct));

    private static Ok<Domain.Serving.ModelCacheStats> Clear(ScorerCache scorers, ILoggerFactory logs, HttpContext context)
    {
        scorers.Clear();
        logs.CreateLogger(typeof(ServingEndpoints)).LogInformation("Model cache cleared by {User}.", context.User.Identity?.Name);
        return TypedResults.Ok(scorers.Stats);
    }

    private static async Task<Ok<PreloadResult>> PreloadAsync(ServingPreloader preloader, ScorerCache scorers, CancellationToken ct)
    {
        var report = await preloader.PreloadAllAsync(ct);
        return TypedResults.Ok(new PreloadResult(report.Loaded, report.Failed, scorers.Stats));
    }

    public sealed record PreloadResult(IReadOnlyList<PreloadedVersion> Loaded, IReadOnlyList<PreloadedVersion> Failed, Domain.Serving.ModelCacheStats Stats);
}
