namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Tells the prediction path in this process that a model's live split (its <c>ModelServing</c> row) changed, so the
/// next request routes by the new split at once. The deployment engine calls <see cref="Notify"/> after each commit;
/// readers on other instances fall back to re-reading the row's concurrency stamp periodically.
/// </summary>
public sealed class ServingChanges
{
    public event Action<Guid>? Changed;

    public void Notify(Guid modelId) => Changed?.Invoke(modelId);
}
