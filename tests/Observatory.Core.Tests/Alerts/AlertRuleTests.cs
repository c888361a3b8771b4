using Observatory.Core.Alerts;
using Observatory.Core.Budgets;

namespace Observatory.Core.Tests.Alerts;

public class AlertRuleTests
{
    private static AlertRule Rule(AlertMetric metric = AlertMetric.ErrorRate, double threshold = 10) =>
        new() { ProjectId = "p", AlertId = "a", Name = "errors", Metric = metric, Threshold = threshold };

    [Fact]
    public void A_plain_rule_is_valid()
    {
        Assert.Empty(Rule().Validate());
        Assert.Empty((Rule(AlertMetric.BudgetPercent, 80) with { BudgetId = "bud_x" }).Validate());
    }

    [Fact]
    public void Bad_rules_say_what_is_wrong()
    {
        Assert.Contains("name must be 1-200 characters.", (Rule() with { Name = "" }).Validate());
        Assert.Contains("threshold must be a number of 0 or more.", Rule(threshold: -1).Validate());
        Assert.Contains("threshold must be a number of 0 or more.", Rule(threshold: double.NaN).Validate());
        Assert.Contains("an error_rate threshold is a percentage: 0-100.", Rule(threshold: 101).Validate());
        Assert.Contains("windowMinutes must be 1-1440.", (Rule() with { WindowMinutes = 0 }).Validate());
        Assert.Contains("windowMinutes must be 1-1440.", (Rule() with { WindowMinutes = 1441 }).Validate());
        Assert.Contains("minCalls must be 1-1000000.", (Rule() with { MinCalls = 0 }).Validate());
        Assert.Contains("a budget_percent rule names its budget in budgetId.", Rule(AlertMetric.BudgetPercent).Validate());
        Assert.Contains("a budget_percent rule takes the budget's scope: give no scope.",
            (Rule(AlertMetric.BudgetPercent) with { BudgetId = "b", Scope = new BudgetScope(Service: "s") }).Validate());
        Assert.Contains("budgetId is for budget_percent rules only.", (Rule() with { BudgetId = "b" }).Validate());
        Assert.Contains("scope.attributeKey and scope.attributeValue go together.", (Rule() with { Scope = new BudgetScope(AttributeKey: "k") }).Validate());
    }

    [Fact]
    public void Metric_names_round_trip()
    {
        foreach (var metric in Enum.GetValues<AlertMetric>())
        {
            Assert.Equal(metric, AlertRule.MetricNames[AlertRule.MetricName(metric)]);
        }

        Assert.Equal("error_rate", AlertRule.MetricName(AlertMetric.ErrorRate));
        Assert.Equal("ttft_p95", AlertRule.MetricName(AlertMetric.TtftP95));
        Assert.StartsWith("alr_", AlertRule.NewId());
    }
}
