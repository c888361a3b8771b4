using System.ComponentModel;
using Observatory.Core.Alerts;
using Observatory.Gateway.Api.Budgets;
using Observatory.Grains.Contracts.Alerts;
using Observatory.Storage.Alerts;

namespace Observatory.Gateway.Api.Alerts;

/// <summary>The body of <c>POST /api/v1/alerts</c> and <c>PUT /api/v1/alerts/{id}</c> (a PUT replaces every field).</summary>
public sealed record AlertBody(
    [property: Description("A name for people, 1-200 characters.")]
    string? Name,
    [property: Description("cost (USD), tokens, calls, error_rate (percent of calls), latency_p95 (ms), ttft_p95 (ms) or budget_percent (percent of a budget's limit).")]
    string? Metric,
    [property: Description("The rule fires when the metric reaches this value (>=) and resolves when it falls below.")]
    double? Threshold,
    [property: Description("The window in minutes (1-1440, default 5): the calls that started in the last windowMinutes minutes. Not for budget_percent.")]
    int? WindowMinutes = null,
    [property: Description("Fewest calls (or, for ttft_p95, calls reporting a TTFT) in the window for error_rate, latency_p95 and ttft_p95 to be judged; default 1.")]
    int? MinCalls = null,
    [property: Description("The budget a budget_percent rule watches (its period is the window).")]
    string? BudgetId = null,
    [property: Description("The webhooks to notify (ids from /api/v1/alerts/webhooks); omitted, every webhook of the project.")]
    string[]? WebhookIds = null,
    [property: Description("Which model calls count, as for budgets; omitted, every model call of the project. Not for budget_percent.")]
    BudgetScopeBody? Scope = null);

/// <summary>The body of <c>POST /api/v1/alerts/webhooks</c>.</summary>
public sealed record WebhookBody(
    [property: Description("A name for people, 1-200 characters.")]
    string? Name,
    [property: Description("Where notifications are POSTed: an absolute http(s) URL of a public address.")]
    string? Url,
    [property: Description("json (default) or slack (a Slack incoming-webhook body: a text line, plus the JSON fields).")]
    string? Format = null,
    [property: Description("The HMAC-SHA256 key of the X-Observatory-Signature header (16-256 characters); omitted, one is generated and shown once.")]
    string? Secret = null);

/// <summary>An alert rule and its state, as the API shows them.</summary>
public sealed record AlertDto(
    string Id, string Name, string Metric, double Threshold, int? WindowMinutes, int MinCalls, string? BudgetId, IReadOnlyList<string>? WebhookIds,
    BudgetScopeBody Scope,
    string State, DateTimeOffset? StateSince, double? StateValue, long Firings, double? CurrentValue, DateTimeOffset? EvaluatedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AlertDto From(AlertRule r, AlertState state, double? current, DateTimeOffset? evaluatedAt) => new(
        r.AlertId, r.Name, AlertRule.MetricName(r.Metric), r.Threshold, r.Metric == AlertMetric.BudgetPercent ? null : r.WindowMinutes, r.MinCalls,
        r.BudgetId, r.WebhookIds, BudgetScopeBody.From(r.Scope), AlertState.StatusName(state.Status), state.Since, state.Value, state.Firings, current, evaluatedAt,
        r.CreatedAt, r.UpdatedAt);

    public static AlertDto From(AlertStatusReply reply) => From(reply.Rule!, reply.State, reply.CurrentValue, reply.EvaluatedAt);
}

/// <summary>A webhook as the API shows it; the secret only in the answer that created it.</summary>
public sealed record WebhookDto(string Id, string Name, string Url, string Format, DateTimeOffset CreatedAt, string? Secret = null)
{
    public static WebhookDto From(WebhookDefinition w, bool withSecret = false) =>
        new(w.WebhookId, w.Name, w.Url, w.Format.ToString().ToLowerInvariant(), w.CreatedAt, withSecret ? w.Secret : null);
}

/// <summary>One notification to one webhook, with every attempt made.</summary>
public sealed record DeliveryDto(
    long Id, string WebhookId, string Event, long Firing, bool Delivered, int AttemptCount, IReadOnlyList<DeliveryAttempt> Attempts, string Body,
    DateTimeOffset CreatedAt, DateTimeOffset FinishedAt)
{
    public static DeliveryDto From(AlertDelivery d) =>
        new(d.DeliveryId, d.WebhookId, d.Event, d.Firing, d.Delivered, d.Attempts.Count, d.Attempts, d.Body, d.CreatedAt, d.FinishedAt);
}
