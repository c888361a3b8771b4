namespace Observatory.Core.Metrics;

/// <summary>The last running total seen of a cumulative series: what its next point is compared with.</summary>
public sealed record CumulativeState(long StartTimeUnixNano, long TimeUnixNano, MetricValue Value);

/// <summary>
/// One step of a cumulative series: the delta to store (null when the point changes nothing: a re-sent or
/// out-of-order point), the start of the interval it covers, whether the series was found restarted, and the state
/// to keep for the next point.
/// </summary>
public readonly record struct DeltaStep(MetricValue? Delta, long DeltaStartUnixNano, bool Restarted, CumulativeState Next);

/// <summary>
/// Turns running totals into deltas, the way the OpenTelemetry Collector's cumulativetodelta processor does, but
/// counting the first point too: a cumulative point covers (start, time], so a series first seen with a start time
/// counts everything since then. A restart (a new start time, or a total that went down: a process that lost its
/// counters) starts again from the new total. Non-monotonic sums (up-down counters) go down legitimately, so only a
/// new start time restarts them.
/// </summary>
public static class CumulativeToDelta
{
    public static DeltaStep Next(CumulativeState? last, MetricKind kind, bool isMonotonic, long startUnixNano, long timeUnixNano, MetricValue current)
    {
        var next = new CumulativeState(startUnixNano, timeUnixNano, current);
        if (last is null)
        {
            return new DeltaStep(current, startUnixNano != 0 ? startUnixNano : timeUnixNano, false, next);
        }

        if (timeUnixNano <= last.TimeUnixNano)
        {
            // A retried export, or an older point arriving late: the running total already counts it.
            return new DeltaStep(null, 0, false, last);
        }

        var restartedByStart = startUnixNano != 0 && last.StartTimeUnixNano != 0 && startUnixNano != last.StartTimeUnixNano;
        var delta = restartedByStart ? null : Subtract(kind, isMonotonic, current, last.Value);
        if (delta is null)
        {
            // The new total counts from the restart, which happened after the last point we saw.
            var from = startUnixNano != 0 && startUnixNano >= last.TimeUnixNano ? startUnixNano : last.TimeUnixNano;
            return new DeltaStep(current, from, true, next);
        }

        return new DeltaStep(delta, last.TimeUnixNano, false, next);
    }

    /// <summary>current − previous, or null when a total went down (the series restarted) or the buckets changed.</summary>
    private static MetricValue? Subtract(MetricKind kind, bool isMonotonic, MetricValue current, MetricValue previous) => kind switch
    {
        MetricKind.Sum => SubtractNumber(isMonotonic, current, previous),
        MetricKind.Histogram => SubtractHistogram(current, previous),
        MetricKind.ExponentialHistogram => ExponentialBuckets.Subtract(current, previous),
        MetricKind.Summary => current.Count < previous.Count ? null : new MetricValue
        {
            Count = current.Count - previous.Count,
            Sum = current.Sum - previous.Sum,
        },
        _ => current,
    };

    private static MetricValue? SubtractNumber(bool isMonotonic, MetricValue current, MetricValue previous)
    {
        var difference = (current.Number ?? 0) - (previous.Number ?? 0);
        return isMonotonic && difference < 0 ? null : new MetricValue { Number = difference };
    }

    private static MetricValue? SubtractHistogram(MetricValue current, MetricValue previous)
    {
        if (current.Count < previous.Count || !current.Bounds.AsSpan().SequenceEqual(previous.Bounds) ||
            current.BucketCounts.Length != previous.BucketCounts.Length)
        {
            return null;
        }

        var counts = new long[current.BucketCounts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = current.BucketCounts[i] - previous.BucketCounts[i];
            if (counts[i] < 0)
            {
                return null;
            }
        }

        return new MetricValue
        {
            Count = current.Count - previous.Count,
            Sum = current.Sum - previous.Sum,
            // The lifetime min and max say nothing about this interval unless they moved in it.
            Min = current.Min < previous.Min ? current.Min : null,
            Max = current.Max > previous.Max ? current.Max : null,
            Bounds = current.Bounds,
            BucketCounts = counts,
        };
    }
}
