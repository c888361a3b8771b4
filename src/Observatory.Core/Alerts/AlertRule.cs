using System.Security.Cryptography;
using Observatory.Core.Budgets;

namespace Observatory.Core.Alerts;

/// <summary>What an alert rule watches.</summary>
public enum AlertMetric
{
    /// <summary>USD spent by the scope's model calls in the window.</summary>
    Cost,

    /// <summary>Input plus output tokens in the window.</summary>
    Tokens,

    /// <summary>Model calls in the window.</summary>
    Calls,

    /// <summary>Percentage (0-100) of the window's model calls whose span status is error.</summary>
    ErrorRate,

    /// <summary>95th percentile of the window's call latency, in milliseconds.</summary>
    LatencyP95,

    /// <summary>95th percentile of the window's time to first token, in milliseconds.</summary>
    TtftP95,

    /// <summary>How much of a budget's limit its period has spent, in percent (the higher of USD and tokens).</summary>
    BudgetPercent,
}

/// <summary>
/// An alert rule of one project: fires when <see cref="Metric"/> over the last <see cref="WindowMinutes"/> minutes of the
/// calls its <see cref="Scope"/> selects (or, for <see cref="AlertMetric.BudgetPercent"/>, the budget's current period)
/// reaches <see cref="Threshold"/>, and resolves when it falls below again. Scoped like budgets.
/// </summary>
public sealed record AlertRule
{
    public required string ProjectId { get; init; }
    public required string AlertId { get; init; }
    public required string Name { get; init; }
    public required AlertMetric Metric { get; init; }
    public required double Threshold { get; init; }

    /// <summary>The window in minutes (ignored by budget rules: the budget's own period is the window).</summary>
    public int WindowMinutes { get; init; } = 5;

    /// <summary>The fewest calls in the window for an error rate, latency or TTFT to be judged at all (a rate of one call is noise).</summary>
    public int MinCalls { get; init; } = 1;

    public BudgetScope Scope { get; init; } = BudgetScope.Project;

    /// <summary>The budget a <see cref="AlertMetric.BudgetPercent"/> rule watches.</summary>
    public string? BudgetId { get; init; }

    /// <summary>The webhooks this rule notifies; null notifies every webhook of the project.</summary>
    public IReadOnlyList<string>? WebhookIds { get; init; }

    public const int MaxWebhooks = 20;

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const int MaxNameLength = 200;
    public const int MaxWindowMinutes = 1440;

    /// <summary>The metrics' names in the API and the database.</summary>
    public static readonly IReadOnlyDictionary<string, AlertMetric> MetricNames = new Dictionary<string, AlertMetric>(StringComparer.Ordinal)
    {
        ["cost"] = AlertMetric.Cost,
        ["tokens"] = AlertMetric.Tokens,
        ["calls"] = AlertMetric.Calls,
        ["error_rate"] = AlertMetric.ErrorRate,
        ["latency_p95"] = AlertMetric.LatencyP95,
        ["ttft_p95"] = AlertMetric.TtftP95,
        ["budget_percent"] = AlertMetric.BudgetPercent,
    };

    public static string MetricName(AlertMetric metric) => MetricNames.First(m => m.Value == metric).Key;

    /// <summary>A new alert id: <c>alr_</c> and 16 random characters.</summary>
    public static string NewId() => "alr_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);

    /// <summary>True when the rule needs each call's latency and time to first token (not only counters).</summary>
    public bool Notifies(string webhookId) => WebhookIds is null || WebhookIds.Contains(webhookId);

    public bool NeedsSketches => Metric is AlertMetric.LatencyP95 or AlertMetric.TtftP95;

    /// <summary>What is wrong with this rule, in words for an API error; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength)
        {
            problems.Add($"name must be 1-{MaxNameLength} characters.");
        }

        if (!double.IsFinite(Threshold) || Threshold < 0)
        {
            problems.Add("threshold must be a number of 0 or more.");
        }
        else if (Metric is AlertMetric.ErrorRate && Threshold > 100)
        {
            problems.Add("an error_rate threshold is a percentage: 0-100.");
        }

        if (Metric is AlertMetric.BudgetPercent)
        {
            if (string.IsNullOrEmpty(BudgetId))
            {
                problems.Add("a budget_percent rule names its budget in budgetId.");
            }

            if (Scope != BudgetScope.Project)
            {
                problems.Add("a budget_percent rule takes the budget's scope: give no scope.");
            }
        }
        else
        {
            if (BudgetId is not null)
            {
                problems.Add("budgetId is for budget_percent rules only.");
            }

            if (WindowMinutes is < 1 or > MaxWindowMinutes)
            {
                problems.Add($"windowMinutes must be 1-{MaxWindowMinutes}.");
            }

            problems.AddRange(Scope.Validate());
        }

        if (WebhookIds is { } hooks && (hooks.Count is 0 or > MaxWebhooks || hooks.Any(string.IsNullOrEmpty)))
        {
            problems.Add($"webhookIds lists 1-{MaxWebhooks} webhook ids when given (omit it to notify every webhook of the project).");
        }

        if (MinCalls is < 1 or > 1_000_000)
        {
            problems.Add("minCalls must be 1-1000000.");
        }

        return problems;
    }

    /// <summary>
    /// The rule's value over a window's totals: null when there is nothing to judge (no calls, fewer than
    /// <see cref="MinCalls"/> for a rate or percentile, no TTFT reported). Not for budget rules (<see cref="AlertValues.BudgetPercent"/>).
    /// </summary>
    public double? ValueOf(AlertTotals totals) => Metric switch
    {
        AlertMetric.Cost => (double)totals.CostUsd,
        AlertMetric.Tokens => totals.Tokens,
        AlertMetric.Calls => totals.Calls,
        AlertMetric.ErrorRate => totals.Calls >= MinCalls && totals.Calls > 0 ? 100.0 * totals.Errors / totals.Calls : null,
        AlertMetric.LatencyP95 => totals.Calls >= MinCalls ? totals.Latency.Quantile(0.95) : null,
        AlertMetric.TtftP95 => totals.Ttft.Count >= MinCalls ? totals.Ttft.Quantile(0.95) : null,
        _ => throw new InvalidOperationException($"{Metric} is not computed from calls."),
    };
}

/// <summary>Values alert rules compare that do not come from a window of calls.</summary>
public static class AlertValues
{
    /// <summary>
    /// How much of a budget is spent, in percent: the higher of the USD and the token share (the budget is spent when
    /// either limit is reached, so the nearer one is what an alert must see).
    /// </summary>
    public static double BudgetPercent(decimal spentUsd, decimal? limitUsd, long spentTokens, long? limitTokens)
    {
        var usd = limitUsd is > 0m ? (double)(spentUsd * 100m / limitUsd.Value) : 0;
        var tokens = limitTokens is > 0 ? 100.0 * spentTokens / limitTokens.Value : 0;
        return Math.Max(usd, tokens);
    }
}
