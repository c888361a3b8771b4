using Observatory.Core.Alerts;

namespace Observatory.Core.Tests.Alerts;

public class AlertWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);
    private const long Minute = 29_000_000;

    private static AlertSample Call(long minute, bool error = false, double latency = 100, double? ttft = null, decimal cost = 0.01m, long tokens = 10) =>
        new(minute, cost, tokens, error, latency, ttft);

    [Fact]
    public void The_window_holds_the_last_n_minutes_and_drops_older_ones_for_good()
    {
        var window = new AlertWindow();
        window.Add("t", "old", Call(Minute - 5), Now);
        window.Add("t", "a", Call(Minute - 4, error: true), Now);
        window.Add("t", "b", Call(Minute), Now);
        window.Add("t", "future", Call(Minute + 1), Now);

        var last5 = window.Last(5, Minute);
        Assert.Equal(2, last5.Calls);
        Assert.Equal(1, last5.Errors);
        Assert.Equal(0.02m, last5.CostUsd);
        Assert.Equal(20, last5.Tokens);

        // A call of a minute the window has passed adds nothing.
        window.Add("t", "late", Call(Minute - 6), Now);
        Assert.Equal(2, window.Last(5, Minute).Calls);
        Assert.Equal(1, window.Last(1, Minute).Calls);
    }

    [Fact]
    public void A_snapshot_replaces_the_totals_and_keeps_live_calls_it_did_not_count_but_never_counts_one_twice()
    {
        var window = new AlertWindow();
        window.Add("t", "before", Call(Minute), Now);
        var since = window.BeginSnapshot(Now);
        Assert.Equal(Now - AlertWindow.RecentMargin, since);

        // Arrive while the snapshot is read: one the snapshot saw, one it did not.
        window.Add("t", "seen", Call(Minute), Now);
        window.Add("t", "unseen", Call(Minute, error: true), Now);

        var stored = new AlertTotals();
        stored.AddCounters(calls: 2, errors: 0, costUsd: 0.02m, tokens: 20); // "before" and "seen"
        window.ApplySnapshot(Minute - 4, new Dictionary<long, AlertTotals> { [Minute] = stored }, [("t", "before"), ("t", "seen")], Now);

        var totals = window.Last(5, Minute);
        Assert.Equal(3, totals.Calls);
        Assert.Equal(1, totals.Errors);

        // The same span told again after the snapshot (a second router delivery cannot happen, but a listed key is ignored).
        window.Add("t", "seen", Call(Minute), Now.AddSeconds(1));
        Assert.Equal(3, window.Last(5, Minute).Calls);
        Assert.Equal(Now, window.SnapshotAt);
    }

    [Fact]
    public void Error_rate_latency_and_ttft_come_from_the_window_and_wait_for_min_calls()
    {
        var window = new AlertWindow();
        for (var i = 0; i < 10; i++)
        {
            window.Add("t", $"s{i}", Call(Minute, error: i < 3, latency: (i + 1) * 100, ttft: i < 5 ? 50 : null), Now);
        }

        var totals = window.Last(5, Minute);
        var rule = new AlertRule { ProjectId = "p", AlertId = "a", Name = "n", Metric = AlertMetric.ErrorRate, Threshold = 25 };
        Assert.Equal(30, rule.ValueOf(totals)!.Value, 6);
        Assert.Null((rule with { MinCalls = 11 }).ValueOf(totals));

        var latency = rule with { Metric = AlertMetric.LatencyP95 };
        Assert.InRange(latency.ValueOf(totals)!.Value, 890, 1010);
        var ttft = rule with { Metric = AlertMetric.TtftP95, MinCalls = 5 };
        Assert.InRange(ttft.ValueOf(totals)!.Value, 49.5, 50.5);
        Assert.Null((ttft with { MinCalls = 6 }).ValueOf(totals));

        Assert.Equal(10, (rule with { Metric = AlertMetric.Calls }).ValueOf(totals));
        Assert.Equal(0.1, (rule with { Metric = AlertMetric.Cost }).ValueOf(totals)!.Value, 9);
        Assert.Equal(100, (rule with { Metric = AlertMetric.Tokens }).ValueOf(totals));
        Assert.Null(rule.ValueOf(new AlertTotals()));
    }

    [Fact]
    public void Budget_percent_is_the_nearer_of_the_two_limits()
    {
        Assert.Equal(80, AlertValues.BudgetPercent(8m, 10m, 100, 1000), 9);
        Assert.Equal(50, AlertValues.BudgetPercent(1m, 10m, 500, 1000), 9);
        Assert.Equal(120, AlertValues.BudgetPercent(12m, 10m, 0, null), 9);
        Assert.Equal(0, AlertValues.BudgetPercent(0m, null, 0, 1000), 9);
    }
}
