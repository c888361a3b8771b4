using Observatory.Core.Alerts;
using Observatory.Grains.Contracts.Budgets;

namespace Observatory.Grains.Contracts.Alerts;

/// <summary>
/// A project's alert rules and webhooks (key: project id): the single writer of their rows, and the router of the
/// project's stored model calls to the rules whose scope selects them. Routing and changes take turns, as budgets' do.
/// </summary>
[Alias("observatory.IAlertDirectoryGrain")]
public interface IAlertDirectoryGrain : IGrainWithStringKey
{
    [Alias("List"), AlwaysInterleave]
    Task<AlertRule[]> List();

    /// <summary>Creates or replaces a rule (validated by the caller); null when replacing one that does not exist.</summary>
    [Alias("Save")]
    Task<AlertRule?> Save(AlertRule rule, bool create);

    [Alias("Delete")]
    Task<bool> Delete(string alertId);

    /// <summary>Model calls ingest stored (each told once, after its COMMIT), with what alerts read of them.</summary>
    [Alias("Route")]
    Task Route(Immutable<AlertCall[]> calls);

    [Alias("Webhooks"), AlwaysInterleave]
    Task<WebhookDefinition[]> Webhooks();

    /// <summary>Adds a webhook (validated by the caller) unless its address is refused: then the reply names the problem.</summary>
    [Alias("AddWebhook")]
    Task<WebhookAddReply> AddWebhook(WebhookDefinition webhook);

    [Alias("DeleteWebhook")]
    Task<bool> DeleteWebhook(string webhookId);
}

/// <summary>One alert rule (key: <see cref="BudgetKeys.Budget"/>'s form, project id then alert id): its window, its state, its evaluation.</summary>
[Alias("observatory.IAlertGrain")]
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>The rule's state and its value at the last evaluation; Found is false when there is no such rule.</summary>
    [Alias("Status"), AlwaysInterleave]
    Task<AlertStatusReply> Status();

    [Alias("Add")]
    Task Add(Immutable<AlertCall[]> calls);

    /// <summary>The rule was created or changed: take it and read the window again.</summary>
    [Alias("Define")]
    Task Define(AlertRule rule);

    [Alias("Retire")]
    Task Retire();

    /// <summary>Makes sure the grain is active (and so evaluating); a no-op otherwise.</summary>
    [Alias("Wake"), AlwaysInterleave]
    Task Wake();
}

/// <summary>A stored model call as alerts read it: a budget call plus its error status, latency and time to first token.</summary>
[GenerateSerializer, Immutable, Alias("observatory.AlertCall")]
public sealed record AlertCall(
    [property: Id(0)] BudgetCall Call,
    [property: Id(1)] bool IsError,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] double? TtftMs)
{
    public AlertSample ToSample() => new(Observatory.Core.Budgets.BudgetMinutes.OfUnixNano(Call.StartUnixNano), Call.CostUsd, Call.Tokens, IsError, LatencyMs, TtftMs);
}

/// <summary>An alert's state for the API.</summary>
[GenerateSerializer, Immutable, Alias("observatory.AlertStatusReply")]
public sealed record AlertStatusReply(
    [property: Id(0)] bool Found,
    [property: Id(1)] AlertRule? Rule,
    [property: Id(2)] AlertState State,
    [property: Id(3)] double? CurrentValue,
    [property: Id(4)] DateTimeOffset? EvaluatedAt);

/// <summary>The webhook as stored, or why its address was refused.</summary>
[GenerateSerializer, Immutable, Alias("observatory.WebhookAddReply")]
public sealed record WebhookAddReply([property: Id(0)] WebhookDefinition? Webhook, [property: Id(1)] string? Problem);
