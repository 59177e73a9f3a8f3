using ModelLifecycle.Domain.Approvals;

namespace ModelLifecycle.Jobs.Maintenance;

/// <summary>Recurring Hangfire job: pending promotion requests past their lifetime become expired (audited).</summary>
public sealed class ExpirePromotionRequestsJob(PromotionService promotions)
{
    public const string RecurringId = "expire-promotion-requests";

    public Task<int> RunAsync(CancellationToken ct) => promotions.ExpireStaleAsync(ct);
}
