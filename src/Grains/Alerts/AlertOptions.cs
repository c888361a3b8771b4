namespace Observatory.Grains.Alerts;

/// <summary>Configuration section <c>Alerts</c>: how alert rules are evaluated and their webhooks called.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>How often each rule compares its window with its threshold (a condition that became true fires within this, plus routing).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo sends what its ingest committed on to the alert rules.</summary>
    public TimeSpan RouteInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Lets webhooks reach loopback, private and link-local addresses (refused by default: a webhook must not probe the internal network).</summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    /// <summary>Retries after a failed first attempt (a refused connection, a timeout, 408, 429 or 5xx); 0 sends once.</summary>
    public int DeliveryRetries { get; set; } = 5;

    /// <summary>The first retry's delay; each next one doubles it (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The product's public address (e.g. https://observatory.example.com), put before the links in notifications; empty, links are paths.</summary>
    public string? PublicBaseUrl { get; set; }
}
