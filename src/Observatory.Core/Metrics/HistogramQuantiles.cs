namespace Observatory.Core.Metrics;

/// <summary>A range of values and how many fell in it: one bucket of an explicit or exponential histogram.</summary>
public readonly record struct BucketCount(double Lower, double Upper, long Count);

/// <summary>
/// Percentiles estimated from histogram buckets, as Prometheus' histogram_quantile does: find the bucket holding the
/// rank and interpolate linearly inside it. The open-ended first and last explicit buckets are closed by the observed
/// min and max when known (else by 0 and the last bound), so an estimate never leaves the range of what was seen.
/// Buckets of different layouts (series with other bounds or scales) are merged by their ranges.
/// </summary>
public static class HistogramQuantiles
{
    /// <summary>The buckets of an explicit-bounds histogram: (-inf, b0], (b0, b1], …, (bn-1, +inf).</summary>
    public static IEnumerable<BucketCount> Explicit(double[] bounds, long[] counts, double? min, double? max)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var lower = i == 0 ? min ?? Math.Min(0, bounds.Length > 0 ? bounds[0] : 0) : bounds[i - 1];
            var upper = i < bounds.Length ? bounds[i] : max ?? (bounds.Length > 0 ? bounds[^1] : lower);
            yield return new BucketCount(Math.Min(lower, upper), Math.Max(lower, upper), counts[i]);
        }
    }

    /// <summary>The positive buckets and the zero bucket of an exponential histogram.</summary>
    public static IEnumerable<BucketCount> Exponential(int scale, long zeroCount, int positiveOffset, long[] positiveCounts)
    {
        if (zeroCount > 0)
        {
            yield return new BucketCount(0, 0, zeroCount);
        }

        for (var i = 0; i < positiveCounts.Length; i++)
        {
            if (positiveCounts[i] > 0)
            {
                var (lower, upper) = ExponentialBuckets.BucketRange(scale, positiveOffset + i);
                yield return new BucketCount(lower, upper, positiveCounts[i]);
            }
        }
    }

    /// <summary>The q-quantile (0–1) of the merged buckets; null when they hold nothing.</summary>
    public static double? Quantile(IReadOnlyList<BucketCount> buckets, double q)
    {
        var total = buckets.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        long seen = 0;
        foreach (var bucket in buckets.OrderBy(b => b.Upper).ThenBy(b => b.Lower))
        {
            if (seen + bucket.Count >= rank)
            {
                var within = bucket.Count == 0 ? 0 : (rank - seen) / bucket.Count;
                return bucket.Lower + ((bucket.Upper - bucket.Lower) * within);
            }

            seen += bucket.Count;
        }

        return buckets.Max(b => b.Upper);
    }
}
