namespace ModelLifecycle.Domain.Monitoring;

/// <summary>Configuration <c>Portal:Alerts</c>: how webhooks are sent and retried.</summary>
public sealed class AlertOptions
{
    /// <summary>How often the outbox is checked for due deliveries (default 5 s).</summary>
    public TimeSpan WebhookPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failed attempt; each further failure doubles it (default 30 s).</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts (default 1 h).</summary>
    public TimeSpan WebhookMaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is given up as failed (default 8).</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>How long one POST may take (default 10 s).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Host names a webhook may point at, comma-separated (e.g. "hooks.slack.com,alerts.internal"); empty allows any
    /// http(s) host. Checked when the URL is set and again before each send.
    /// </summary>
    public string WebhookAllowedHosts { get; set; } = "";

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 after <paramref name="attempt"/> failures: backoff · 2^(attempt−1), capped.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(WebhookBackoff.Ticks * factor, WebhookMaxBackoff.Ticks));
        return wait < WebhookMaxBackoff ? wait : WebhookMaxBackoff;
    }

    /// <summary>Whether <paramref name="host"/> is allowed by <see cref="WebhookAllowedHosts"/>.</summary>
    public bool AllowsHost(string host)
    {
        var allowed = WebhookAllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return allowed.Length == 0 || allowed.Contains(host, StringComparer.OrdinalIgnoreCase);
    }
}
