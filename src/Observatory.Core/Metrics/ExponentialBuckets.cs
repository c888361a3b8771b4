namespace Observatory.Core.Metrics;

/// <summary>
/// Arithmetic on exponential histogram buckets. A bucket at scale s and index i covers (2^(i·2^-s), 2^((i+1)·2^-s)];
/// lowering the scale by one merges buckets pairwise (index i goes to i >> 1), so two points of different scales are
/// compared at the smaller one. SDKs lower the scale of a cumulative series as its range grows.
/// </summary>
public static class ExponentialBuckets
{
    /// <summary>current − previous at the smaller of their scales, or null when a count went down (a restart).</summary>
    public static MetricValue? Subtract(MetricValue current, MetricValue previous)
    {
        if (current.Count < previous.Count || current.ZeroCount < previous.ZeroCount)
        {
            return null;
        }

        var scale = Math.Min(current.Scale, previous.Scale);
        var positive = SubtractCounts(
            Downscale(current.PositiveOffset, current.PositiveCounts, current.Scale - scale),
            Downscale(previous.PositiveOffset, previous.PositiveCounts, previous.Scale - scale));
        var negative = SubtractCounts(
            Downscale(current.NegativeOffset, current.NegativeCounts, current.Scale - scale),
            Downscale(previous.NegativeOffset, previous.NegativeCounts, previous.Scale - scale));
        if (positive is null || negative is null)
        {
            return null;
        }

        return new MetricValue
        {
            Count = current.Count - previous.Count,
            Sum = current.Sum - previous.Sum,
            Min = current.Min < previous.Min ? current.Min : null,
            Max = current.Max > previous.Max ? current.Max : null,
            Scale = scale,
            ZeroCount = current.ZeroCount - previous.ZeroCount,
            PositiveOffset = positive.Value.Offset,
            PositiveCounts = positive.Value.Counts,
            NegativeOffset = negative.Value.Offset,
            NegativeCounts = negative.Value.Counts,
        };
    }

    /// <summary>The buckets at a scale <paramref name="by"/> steps lower.</summary>
    public static (int Offset, long[] Counts) Downscale(int offset, long[] counts, int by)
    {
        if (by <= 0 || counts.Length == 0)
        {
            return (offset, counts);
        }

        var first = offset >> by;
        var last = (offset + counts.Length - 1) >> by;
        var merged = new long[last - first + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            merged[((offset + i) >> by) - first] += counts[i];
        }

        return (first, merged);
    }

    /// <summary>The lower and upper bound of bucket <paramref name="index"/> at <paramref name="scale"/>.</summary>
    public static (double Lower, double Upper) BucketRange(int scale, int index)
    {
        var width = Math.Pow(2, -scale);
        return (Math.Pow(2, index * width), Math.Pow(2, (index + 1) * width));
    }

    private static (int Offset, long[] Counts)? SubtractCounts((int Offset, long[] Counts) current, (int Offset, long[] Counts) previous)
    {
        if (previous.Counts.Length == 0)
        {
            return current;
        }

        var first = current.Counts.Length == 0 ? previous.Offset : Math.Min(current.Offset, previous.Offset);
        var end = Math.Max(current.Offset + current.Counts.Length, previous.Offset + previous.Counts.Length);
        var result = new long[end - first];
        for (var i = 0; i < current.Counts.Length; i++)
        {
            result[current.Offset - first + i] += current.Counts[i];
        }

        for (var i = 0; i < previous.Counts.Length; i++)
        {
            result[previous.Offset - first + i] -= previous.Counts[i];
        }

        return result.Any(c => c < 0) ? null : (first, result);
    }
}
