using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Serving;

/// <summary>A prediction's ground truth as stored.</summary>
public sealed record PredictionFeedbackView(Guid PredictionId, string Model, string Version, double Label, DateTime LabelledAt);

/// <summary>
/// Attaches ground truth to a logged prediction (<c>POST /api/v1/predictions/{id}/feedback</c>). Predictions are data,
/// not audit events, so labelling is not audited. The record may still be queued in the prediction log: an unknown id
/// waits for the log to flush once before it is a 404. A prediction keeps its first label: the same label again is
/// accepted (a retried call), a different one is a 409, so two clients disagreeing never overwrite each other silently.
/// </summary>
public sealed class PredictionFeedback(IDbContextFactory<PortalDbContext> contexts, IPredictionLog log, TimeProvider clock)
{
    public async Task<PredictionFeedbackView> AttachAsync(Guid predictionId, JsonElement label, CancellationToken ct)
    {
        var found = await FindAsync(predictionId, ct);
        if (found is null)
        {
            await log.FlushAsync(ct);
            found = await FindAsync(predictionId, ct);
        }

        if (found is null)
        {
            throw DomainException.NotFound($"No prediction {predictionId}.");
        }

        var value = PredictionLabel.Parse(label, found.Task);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);

        // Conditional on "not yet labelled", so of two concurrent different labels exactly one is stored.
        var updated = await db.Predictions.Where(p => p.Id == predictionId && p.Label == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Label, value).SetProperty(p => p.LabelledAt, now), ct);
        if (updated == 1)
        {
            return new PredictionFeedbackView(predictionId, found.Model, found.Version, value, now);
        }

        var stored = await db.Predictions.AsNoTracking().Where(p => p.Id == predictionId)
            .Select(p => new { p.Label, p.LabelledAt }).SingleAsync(ct);
        return stored.Label == value
            ? new PredictionFeedbackView(predictionId, found.Model, found.Version, value, stored.LabelledAt ?? now)
            : throw DomainException.Conflict($"Prediction {predictionId} already has the label {stored.Label}; a prediction keeps its first label.");
    }

    private async Task<Found?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Predictions.AsNoTracking().Where(p => p.Id == id)
            .Join(db.Models, p => p.ModelId, m => m.Id, (p, m) => new Found(p.ModelName, p.Version, m.Task))
            .SingleOrDefaultAsync(ct);
    }

    private sealed record Found(string Model, string Version, Registry.ModelTask Task);
}
