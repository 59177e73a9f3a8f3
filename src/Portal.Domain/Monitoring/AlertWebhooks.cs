using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>Puts an alert into its model's webhook outbox, on the unit of work that raises it.</summary>
internal static class AlertWebhooks
{
    internal static AlertDelivery? Enqueue(PortalDbContext db, Alert alert, DateTime now)
    {
        // Find looks at the tracked rows first, then queries: Raise stays synchronous for its callers.
        if (db.ModelWebhooks.Find(alert.ModelId) is not { } webhook)
        {
            return null;
        }

        var delivery = new AlertDelivery { AlertId = alert.Id, Url = webhook.Url, Status = DeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now };
        db.AlertDeliveries.Add(delivery);
        return delivery;
    }
}
