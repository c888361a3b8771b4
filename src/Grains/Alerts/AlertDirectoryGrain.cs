using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Observatory.Core.Alerts;
using Observatory.Grains.Contracts.Alerts;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Alerts;

namespace Observatory.Grains.Alerts;

/// <summary>
/// A project's alert rules and webhooks in memory, loaded on activation and written through on change. On activation it
/// wakes every rule's grain, so rules evaluate again after a restart as soon as the project is used (each rule's
/// reminder does it otherwise).
/// </summary>
public sealed partial class AlertDirectoryGrain(AlertStore store, IOptions<AlertOptions> options, ILogger<AlertDirectoryGrain> logger)
    : Grain, IAlertDirectoryGrain
{
    private AlertRule[] _rules = [];
    private WebhookDefinition[] _webhooks = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            _rules = [.. (await store.ListAsync(ProjectId, cancellationToken)).Select(r => r.Rule)];
            _webhooks = [.. await store.ListWebhooksAsync(ProjectId, cancellationToken)];
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not load the alert rules of project '{ProjectId}': {ex.Message}");
        }

        foreach (var rule in _rules)
        {
            // Not awaited: a rule's back-fill must not hold up the directory's activation.
            _ = WakeAsync(rule.AlertId);
        }
    }

    public Task<AlertRule[]> List() => Task.FromResult(_rules);

    public async Task<AlertRule?> Save(AlertRule rule, bool create)
    {
        var exists = _rules.Any(r => r.AlertId == rule.AlertId);
        if (exists == create)
        {
            return null;
        }

        var (stored, _) = await Write(() => store.SaveAsync(rule with { ProjectId = ProjectId }, CancellationToken.None));
        _rules = [.. _rules.Where(r => r.AlertId != stored.AlertId), stored];
        _rules = [.. _rules.OrderBy(r => r.CreatedAt).ThenBy(r => r.AlertId, StringComparer.Ordinal)];
        await Alert(stored.AlertId).Define(stored);
        return stored;
    }

    public async Task<bool> Delete(string alertId)
    {
        if (!await Write(() => store.DeleteAsync(ProjectId, alertId, CancellationToken.None)))
        {
            return false;
        }

        _rules = [.. _rules.Where(r => r.AlertId != alertId)];
        await Alert(alertId).Retire();
        return true;
    }

    public async Task Route(Immutable<AlertCall[]> calls)
    {
        var rules = _rules.Where(r => r.Metric != AlertMetric.BudgetPercent).ToArray();
        if (rules.Length == 0)
        {
            return;
        }

        var spans = calls.Value.Select(c => (Call: c, Span: c.Call.ToSpan())).ToArray();
        var deliveries = new List<Task>();
        foreach (var rule in rules)
        {
            var share = spans.Where(s => rule.Scope.Matches(s.Span)).Select(s => s.Call).ToArray();
            if (share.Length > 0)
            {
                deliveries.Add(AddAsync(rule.AlertId, share));
            }
        }

        await Task.WhenAll(deliveries);
    }

    public Task<WebhookDefinition[]> Webhooks() => Task.FromResult(_webhooks);

    public async Task<WebhookAddReply> AddWebhook(WebhookDefinition webhook)
    {
        if (!options.Value.AllowPrivateWebhookTargets && await NonPublicTargetAsync(webhook.Url) is { } problem)
        {
            return new WebhookAddReply(null, problem);
        }

        var stored = await Write(() => store.AddWebhookAsync(webhook with { ProjectId = ProjectId }, CancellationToken.None));
        _webhooks = [.. _webhooks, stored];
        return new WebhookAddReply(stored, null);
    }

    public async Task<bool> DeleteWebhook(string webhookId)
    {
        if (!await Write(() => store.DeleteWebhookAsync(ProjectId, webhookId, CancellationToken.None)))
        {
            return false;
        }

        _webhooks = [.. _webhooks.Where(w => w.WebhookId != webhookId)];
        return true;
    }

    /// <summary>Why the URL's host is not a public address (a literal, or any address its name resolves to); null when it is.</summary>
    internal static async Task<string?> NonPublicTargetAsync(string url)
    {
        if (WebhookTargets.ParseUrl(url) is not { Uri: { } uri })
        {
            return "url is not an absolute http or https URL.";
        }

        var host = uri.IdnHost;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host);
            }
            catch (SocketException ex)
            {
                return $"url's host '{host}' does not resolve: {ex.Message}";
            }
        }

        return addresses.Length == 0 ? $"url's host '{host}' has no address." : WebhookTargets.NonPublicReason(host, addresses);
    }

    private async Task AddAsync(string alertId, AlertCall[] share)
    {
        try
        {
            await Alert(alertId).Add(new Immutable<AlertCall[]>(share));
        }
        catch (Exception ex)
        {
            LogAddFailed(logger, share.Length, alertId, ex);
        }
    }

    private async Task WakeAsync(string alertId)
    {
        try
        {
            await Alert(alertId).Wake();
        }
        catch (Exception ex)
        {
            LogAddFailed(logger, 0, alertId, ex);
        }
    }

    private string ProjectId => this.GetPrimaryKeyString();

    private IAlertGrain Alert(string alertId) => GrainFactory.GetGrain<IAlertGrain>(BudgetKeys.Budget(ProjectId, alertId));

    private async Task<T> Write<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not write the alerts of project '{ProjectId}': {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls could not be handed to alert {AlertId}")]
    private static partial void LogAddFailed(ILogger logger, int count, string alertId, Exception ex);
}
