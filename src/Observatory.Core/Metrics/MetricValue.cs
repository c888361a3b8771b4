namespace Observatory.Core.Metrics;

/// <summary>
/// The numbers of one data point, whatever its kind: <see cref="Number"/> for sums and gauges; count, sum, min, max and
/// buckets for histograms (explicit <see cref="Bounds"/> with one more <see cref="BucketCounts"/> than bounds) and
/// exponential histograms (base 2^(2^-<see cref="Scale"/>), bucket <c>offset + i</c> covering (base^index, base^(index+1)]).
/// </summary>
public sealed record MetricValue
{
    public double? Number { get; init; }
    public long Count { get; init; }
    public double? Sum { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double[] Bounds { get; init; } = [];
    public long[] BucketCounts { get; init; } = [];
    public int Scale { get; init; }
    public long ZeroCount { get; init; }
    public int PositiveOffset { get; init; }
    public long[] PositiveCounts { get; init; } = [];
    public int NegativeOffset { get; init; }
    public long[] NegativeCounts { get; init; } = [];
}
