using Observatory.Core.Budgets;

namespace Observatory.Core.Tests.Budgets;

/// <summary>The race between live increments and re-reads of the stored spans: nothing lost, nothing counted twice.</summary>
public class BudgetSpendTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 9, 12, 0, 30, TimeSpan.Zero);
    private static readonly BudgetWindow Today = new BudgetPeriod(BudgetPeriodKind.Day).WindowAt(Now);
    private static readonly long Minute = BudgetMinutes.Of(Now);

    private static Dictionary<long, SpendTotals> Stored(decimal cost, long tokens, long calls) => new() { [Minute] = new SpendTotals(cost, tokens, calls) };

    [Fact]
    public void A_snapshot_replaces_what_was_counted_before_it_began()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, Stored(1m, 100, 1), [], Now);
        spend.Add("t", "a", Minute, 2m, 200, Now);

        // The snapshot read after "a" was stored and told: it has it, and the old count goes.
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, Stored(3m, 300, 2), [], Now);

        Assert.Equal(new SpendTotals(3m, 300, 2), spend.In(Today));
    }

    [Fact]
    public void An_increment_told_during_a_snapshot_counts_once_whether_or_not_the_snapshot_saw_it()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        // Both stored while the snapshot was read: "seen" committed before its statement began, "unseen" after.
        spend.Add("t", "seen", Minute, 2m, 200, Now);
        spend.Add("t", "unseen", Minute, 4m, 400, Now);
        spend.ApplySnapshot(Today.StartMinute, Stored(3m, 300, 2), [("t", "seen")], Now);

        Assert.Equal(new SpendTotals(7m, 700, 3), spend.In(Today));
    }

    [Fact]
    public void An_increment_told_after_a_snapshot_that_already_counted_it_is_ignored()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, Stored(3m, 300, 2), [("t", "late")], Now);

        spend.Add("t", "late", Minute, 2m, 200, Now.AddSeconds(1));
        spend.Add("t", "new", Minute, 1m, 100, Now.AddSeconds(1));

        Assert.Equal(new SpendTotals(4m, 400, 3), spend.In(Today));
    }

    [Fact]
    public void The_keys_of_a_snapshot_are_forgotten_after_the_margin()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, new Dictionary<long, SpendTotals>(), [("t", "a")], Now);

        spend.Add("t", "a", Minute, 1m, 10, Now + BudgetSpend.RecentMargin + TimeSpan.FromSeconds(1));

        Assert.Equal(new SpendTotals(1m, 10, 1), spend.In(Today));
    }

    [Fact]
    public void A_failed_snapshot_keeps_the_live_count()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, Stored(1m, 10, 1), [], Now);
        spend.BeginSnapshot(Now);
        spend.Add("t", "b", Minute, 2m, 20, Now);
        spend.AbandonSnapshot();

        Assert.Equal(new SpendTotals(3m, 30, 2), spend.In(Today));
    }

    [Fact]
    public void Only_minutes_inside_the_window_count_and_a_rolling_window_lets_old_minutes_go()
    {
        var hour = new BudgetPeriod(BudgetPeriodKind.Rolling, WindowMinutes: 60);
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(hour.WindowAt(Now).StartMinute, new Dictionary<long, SpendTotals>
        {
            [Minute - 59] = new(1m, 10, 1),
            [Minute - 60] = new(100m, 1000, 1), // before the window: a snapshot never holds it, and it is dropped if it does
            [Minute] = new(2m, 20, 1),
        }, [], Now);

        Assert.Equal(new SpendTotals(3m, 30, 2), spend.In(hour.WindowAt(Now)));
        Assert.Equal(new SpendTotals(2m, 20, 1), spend.In(hour.WindowAt(Now.AddMinutes(1))));
        // A call that started before the window (a late span) does not count.
        spend.Add("t", "old", Minute - 59, 5m, 50, Now.AddMinutes(1));
        Assert.Equal(new SpendTotals(2m, 20, 1), spend.In(hour.WindowAt(Now.AddMinutes(1))));
    }

    [Fact]
    public void A_call_that_starts_in_the_next_period_counts_there_not_now()
    {
        var spend = new BudgetSpend();
        spend.BeginSnapshot(Now);
        spend.ApplySnapshot(Today.StartMinute, new Dictionary<long, SpendTotals>(), [], Now);
        var tomorrow = BudgetMinutes.Of(Today.End!.Value);

        spend.Add("t", "skewed", tomorrow, 5m, 50, Now);

        Assert.Equal(default, spend.In(Today));
        Assert.Equal(new SpendTotals(5m, 50, 1), spend.In(new BudgetPeriod(BudgetPeriodKind.Day).WindowAt(Today.End.Value)));
    }
}
