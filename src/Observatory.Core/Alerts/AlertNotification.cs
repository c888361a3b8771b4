using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observatory.Core.Alerts;

/// <summary>
/// The body of a webhook notification: the rule, its scope, the value and threshold, the window, the new status and
/// links to the API. A Slack body is the same object with a <c>text</c> line first, which Slack's incoming webhooks show.
/// </summary>
public static class AlertNotification
{
    public static byte[] Build(AlertRule rule, AlertEvent alertEvent, AlertState state, WebhookFormat format, string? publicBaseUrl)
    {
        var basePath = (publicBaseUrl ?? "").TrimEnd('/');
        var status = alertEvent == AlertEvent.Fired ? "firing" : "resolved";
        var metric = AlertRule.MetricName(rule.Metric);
        var scope = new JsonObject();
        foreach (var (name, value) in new (string, string?)[]
                 {
                     ("service", rule.Scope.Service), ("provider", rule.Scope.Provider), ("model", rule.Scope.Model), ("userId", rule.Scope.UserId),
                     ("sessionId", rule.Scope.SessionId), ("attributeKey", rule.Scope.AttributeKey), ("attributeValue", rule.Scope.AttributeValue),
                 })
        {
            if (value is not null)
            {
                scope[name] = value;
            }
        }

        var body = new JsonObject();
        if (format == WebhookFormat.Slack)
        {
            body["text"] = Text(rule, status, metric, state.Value);
        }

        body["event"] = status;
        body["projectId"] = rule.ProjectId;
        body["rule"] = new JsonObject
        {
            ["id"] = rule.AlertId,
            ["name"] = rule.Name,
            ["metric"] = metric,
            ["threshold"] = rule.Threshold,
            ["windowMinutes"] = rule.Metric == AlertMetric.BudgetPercent ? null : rule.WindowMinutes,
            ["budgetId"] = rule.BudgetId,
        };
        body["scope"] = scope;
        body["value"] = state.Value;
        body["threshold"] = rule.Threshold;
        body["window"] = rule.Metric == AlertMetric.BudgetPercent ? "budget period" : $"last {rule.WindowMinutes} min";
        body["firing"] = state.Firings;
        body["at"] = state.Since?.ToString("O", CultureInfo.InvariantCulture);
        var links = new JsonObject
        {
            ["alert"] = $"{basePath}/api/v1/alerts/{rule.AlertId}",
            ["deliveries"] = $"{basePath}/api/v1/alerts/{rule.AlertId}/deliveries",
        };
        if (rule.BudgetId is not null)
        {
            links["budget"] = $"{basePath}/api/v1/budgets/{rule.BudgetId}/check";
        }

        body["links"] = links;
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    private static string Text(AlertRule rule, string status, string metric, double? value)
    {
        var shown = value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "none";
        var threshold = rule.Threshold.ToString("0.####", CultureInfo.InvariantCulture);
        var window = rule.Metric == AlertMetric.BudgetPercent ? $"budget {rule.BudgetId}" : $"last {rule.WindowMinutes} min";
        return $"[{status.ToUpperInvariant()}] {rule.Name}: {metric} = {shown} (threshold {threshold}, {window}, project {rule.ProjectId})";
    }
}
