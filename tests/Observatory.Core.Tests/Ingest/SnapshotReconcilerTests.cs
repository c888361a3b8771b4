using Observatory.Core.Ingest;

namespace Observatory.Core.Tests.Ingest;

/// <summary>Which live increments a snapshot's totals must take on top, and which it already counted.</summary>
public class SnapshotReconcilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 9, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Completing_a_snapshot_that_was_never_begun_is_refused()
    {
        var reconciler = new SnapshotReconciler<int>();
        Assert.Throws<InvalidOperationException>(() => reconciler.CompleteSnapshot([], Now));
        Assert.Null(reconciler.SnapshotAt);
    }

    [Fact]
    public void A_snapshot_hands_back_only_the_increments_it_did_not_count_and_only_those_told_since_it_began()
    {
        var reconciler = new SnapshotReconciler<int>();
        Assert.True(reconciler.Admit("t", "before", 1, Now));
        Assert.Equal(Now - SnapshotReconciler<int>.RecentMargin, reconciler.BeginSnapshot(Now));
        Assert.True(reconciler.Admit("t", "seen", 2, Now));
        Assert.True(reconciler.Admit("t", "unseen", 3, Now));

        Assert.Equal([3], reconciler.CompleteSnapshot([("t", "seen")], Now.AddSeconds(1)));
        Assert.Equal(Now, reconciler.SnapshotAt);
    }

    [Fact]
    public void An_increment_the_last_snapshot_counted_is_refused_until_the_margin_has_passed()
    {
        var reconciler = new SnapshotReconciler<int>();
        reconciler.BeginSnapshot(Now);
        reconciler.CompleteSnapshot([("t", "counted")], Now);

        Assert.False(reconciler.Admit("t", "counted", 1, Now.AddSeconds(5)));
        Assert.True(reconciler.Admit("t", "other", 1, Now.AddSeconds(5)));
        Assert.True(reconciler.Admit("t", "counted", 1, Now + SnapshotReconciler<int>.RecentMargin + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void An_abandoned_snapshot_forgets_what_was_told_during_it_and_a_later_one_starts_afresh()
    {
        var reconciler = new SnapshotReconciler<int>();
        reconciler.BeginSnapshot(Now);
        reconciler.Admit("t", "during-failed", 1, Now);
        reconciler.AbandonSnapshot();
        Assert.Throws<InvalidOperationException>(() => reconciler.CompleteSnapshot([], Now));

        reconciler.BeginSnapshot(Now.AddSeconds(10));
        reconciler.Admit("t", "during-second", 2, Now.AddSeconds(10));
        Assert.Equal([2], reconciler.CompleteSnapshot([], Now.AddSeconds(11)));
        Assert.Equal(Now.AddSeconds(10), reconciler.SnapshotAt);
    }
}
