using Observatory.Core.Metrics;

namespace Observatory.Core.Tests.Metrics;

public class CumulativeToDeltaTests
{
    private static MetricValue Total(double value) => new() { Number = value };

    [Fact]
    public void First_total_of_a_series_counts_everything_since_its_start()
    {
        var step = CumulativeToDelta.Next(null, MetricKind.Sum, isMonotonic: true, startUnixNano: 100, timeUnixNano: 200, Total(42));
        Assert.Equal(42, step.Delta!.Number);
        Assert.Equal(100, step.DeltaStartUnixNano);
        Assert.False(step.Restarted);
        Assert.Equal(new CumulativeState(100, 200, step.Next.Value), step.Next);
    }

    [Fact]
    public void Next_total_gives_the_growth_since_the_last_one()
    {
        var first = CumulativeToDelta.Next(null, MetricKind.Sum, true, 100, 200, Total(42));
        var second = CumulativeToDelta.Next(first.Next, MetricKind.Sum, true, 100, 300, Total(50));
        Assert.Equal(8, second.Delta!.Number);
        Assert.Equal(200, second.DeltaStartUnixNano);
    }

    [Fact]
    public void Resent_or_older_total_changes_nothing()
    {
        var first = CumulativeToDelta.Next(null, MetricKind.Sum, true, 100, 200, Total(42));
        var again = CumulativeToDelta.Next(first.Next, MetricKind.Sum, true, 100, 200, Total(42));
        Assert.Null(again.Delta);
        Assert.Same(first.Next, again.Next);
        Assert.Null(CumulativeToDelta.Next(first.Next, MetricKind.Sum, true, 100, 150, Total(40)).Delta);
    }

    [Fact]
    public void New_start_time_or_a_total_that_went_down_restarts_the_series()
    {
        var first = CumulativeToDelta.Next(null, MetricKind.Sum, true, 100, 200, Total(42));
        var newStart = CumulativeToDelta.Next(first.Next, MetricKind.Sum, true, 250, 300, Total(50));
        Assert.True(newStart.Restarted);
        Assert.Equal(50, newStart.Delta!.Number);
        Assert.Equal(250, newStart.DeltaStartUnixNano);

        var wentDown = CumulativeToDelta.Next(newStart.Next, MetricKind.Sum, true, 250, 400, Total(7));
        Assert.True(wentDown.Restarted);
        Assert.Equal(7, wentDown.Delta!.Number);
        Assert.Equal(300, wentDown.DeltaStartUnixNano);
    }

    [Fact]
    public void Up_down_counter_may_go_down_without_restarting()
    {
        var first = CumulativeToDelta.Next(null, MetricKind.Sum, isMonotonic: false, 100, 200, Total(10));
        var down = CumulativeToDelta.Next(first.Next, MetricKind.Sum, isMonotonic: false, 100, 300, Total(4));
        Assert.False(down.Restarted);
        Assert.Equal(-6, down.Delta!.Number);
    }

    [Fact]
    public void Histogram_delta_subtracts_buckets_and_restarts_when_the_bounds_change()
    {
        var a = new MetricValue { Count = 3, Sum = 3.5, Min = 0.5, Max = 1.9, Bounds = [1, 2], BucketCounts = [1, 2, 0] };
        var b = new MetricValue { Count = 5, Sum = 9.5, Min = 0.5, Max = 4.0, Bounds = [1, 2], BucketCounts = [1, 2, 2] };
        var first = CumulativeToDelta.Next(null, MetricKind.Histogram, false, 1, 2, a);
        var second = CumulativeToDelta.Next(first.Next, MetricKind.Histogram, false, 1, 3, b);
        Assert.Equal([0L, 0L, 2L], second.Delta!.BucketCounts);
        Assert.Equal(2, second.Delta.Count);
        Assert.Equal(6.0, second.Delta.Sum);
        Assert.Null(second.Delta.Min);
        Assert.Equal(4.0, second.Delta.Max);

        var rebucketed = b with { Count = 6, Bounds = [1, 5], BucketCounts = [1, 5, 0] };
        var third = CumulativeToDelta.Next(second.Next, MetricKind.Histogram, false, 1, 4, rebucketed);
        Assert.True(third.Restarted);
        Assert.Same(rebucketed, third.Delta);
    }

    [Fact]
    public void Exponential_histogram_totals_of_different_scales_are_compared_at_the_smaller_one()
    {
        // Scale 1: buckets 4 and 5 hold one value each. Later the SDK lowered the scale to 0 (index >> 1): bucket 2
        // holds both, and bucket 3 a new value.
        var before = new MetricValue { Count = 2, Sum = 9, Scale = 1, PositiveOffset = 4, PositiveCounts = [1, 1] };
        var after = new MetricValue { Count = 3, Sum = 15, Scale = 0, PositiveOffset = 2, PositiveCounts = [2, 1] };
        var first = CumulativeToDelta.Next(null, MetricKind.ExponentialHistogram, false, 1, 2, before);
        var step = CumulativeToDelta.Next(first.Next, MetricKind.ExponentialHistogram, false, 1, 3, after);
        Assert.False(step.Restarted);
        Assert.Equal(0, step.Delta!.Scale);
        Assert.Equal(2, step.Delta.PositiveOffset);
        Assert.Equal([0L, 1L], step.Delta.PositiveCounts);
        Assert.Equal(1, step.Delta.Count);
        Assert.Equal(6, step.Delta.Sum);
    }
}
