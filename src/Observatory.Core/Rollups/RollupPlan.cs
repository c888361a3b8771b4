namespace Observatory.Core.Rollups;

/// <summary>Buckets of one resolution whose start is in [FromUnixNano, ToUnixNano); both ends are aligned to it.</summary>
public readonly record struct RollupSpan(RollupResolution Resolution, long FromUnixNano, long ToUnixNano);

/// <summary>
/// Covers a time range with the fewest stored buckets. The range means what it means at minute resolution — the minutes
/// that start in [from, to) — and is cut into whole UTC days in the middle, whole hours around them and minutes at the
/// edges, so every minute of the range is counted exactly once and nothing outside it is.
/// </summary>
public static class RollupPlan
{
    /// <summary>The spans covering [from, to), coarsest in the middle, in time order; <paramref name="coarsest"/> caps the bucket size.</summary>
    public static IReadOnlyList<RollupSpan> Cover(long fromUnixNano, long toUnixNano, RollupResolution coarsest = RollupResolution.Day)
    {
        var from = RollupResolution.Minute.CeilingOf(fromUnixNano);
        var to = RollupResolution.Minute.CeilingOf(toUnixNano);
        var spans = new List<RollupSpan>();
        if (from < to)
        {
            Split(spans, from, to, coarsest);
        }

        return spans;
    }

    private static void Split(List<RollupSpan> spans, long from, long to, RollupResolution resolution)
    {
        if (resolution == RollupResolution.Minute)
        {
            spans.Add(new RollupSpan(RollupResolution.Minute, from, to));
            return;
        }

        var finer = resolution - 1;
        var first = resolution.CeilingOf(from);
        var end = resolution.StartOf(to);
        if (first >= end)
        {
            Split(spans, from, to, finer);
            return;
        }

        if (from < first)
        {
            Split(spans, from, first, finer);
        }

        spans.Add(new RollupSpan(resolution, first, end));
        if (end < to)
        {
            Split(spans, end, to, finer);
        }
    }

    /// <summary>True when the bucket of this resolution starting at <paramref name="bucketStart"/> is one the spans read.</summary>
    public static bool Covers(IReadOnlyList<RollupSpan> spans, RollupResolution resolution, long bucketStart)
    {
        foreach (var span in spans)
        {
            if (span.Resolution == resolution && bucketStart >= span.FromUnixNano && bucketStart < span.ToUnixNano)
            {
                return true;
            }
        }

        return false;
    }
}
