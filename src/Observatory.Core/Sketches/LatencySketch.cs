namespace Observatory.Core.Sketches;

/// <summary>
/// A mergeable latency quantile sketch (DDSketch): logarithmic buckets that answer any quantile within 1% relative
/// error, whatever the distribution, and merge exactly, so per-silo, per-minute and per-row sketches add up to the
/// sketch of all the data. Values are milliseconds. Not thread-safe.
/// </summary>
public sealed class LatencySketch
{
    /// <summary>Every quantile is within this relative distance of the true value.</summary>
    public const double RelativeAccuracy = 0.01;

    /// <summary>Values below this (one picosecond) count as zero; it keeps the bucket range finite.</summary>
    public const double MinIndexableValue = 1e-9;

    // Bucket i holds (γ^(i-1), γ^i]; fixed by format version 1, since sketches with different γ cannot merge.
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private const int GrowthSlack = 32;

    private long[] counts = [];
    private int firstIndex;

    /// <summary>Number of values added, zeros included.</summary>
    public long Count { get; private set; }

    /// <summary>Number of values in the zero bucket (0 and values below <see cref="MinIndexableValue"/>).</summary>
    public long ZeroCount { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>The non-empty buckets in ascending order, without the zero bucket (see <see cref="ZeroCount"/>).</summary>
    public IEnumerable<(int Index, long Count)> Buckets
    {
        get
        {
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] != 0)
                {
                    yield return (firstIndex + i, counts[i]);
                }
            }
        }
    }

    /// <summary>The bucket a positive value (≥ <see cref="MinIndexableValue"/>) falls in.</summary>
    public static int BucketIndexOf(double value) => (int)Math.Ceiling(Math.Log(value) / LogGamma);

    /// <summary>The value a bucket stands for: within <see cref="RelativeAccuracy"/> of everything in it.</summary>
    public static double BucketValue(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    /// <summary>Rebuilds a sketch from its zero count and (bucket index, count) pairs, e.g. as stored in SQL arrays.</summary>
    public static LatencySketch FromBuckets(long zeroCount, IEnumerable<(int Index, long Count)> buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zeroCount);
        var sketch = new LatencySketch { ZeroCount = zeroCount, Count = zeroCount };
        foreach (var (index, count) in buckets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            sketch.AddToBucket(index, count);
        }

        return sketch;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>, in this or any earlier format version.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch.</exception>
    public static LatencySketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        var (zeroCount, buckets) = SketchBinaryFormat.Read(bytes);
        try
        {
            return FromBuckets(zeroCount, buckets);
        }
        catch (OverflowException e)
        {
            throw new FormatException("The sketch's counts overflow.", e);
        }
    }

    /// <summary>A compact, versioned encoding for storage (PostgreSQL bytea); canonical, so equal sketches give equal bytes.</summary>
    public byte[] ToBytes() => SketchBinaryFormat.Write(ZeroCount, Buckets);

    public void Add(double value) => Add(value, 1);

    /// <summary>Adds a value <paramref name="count"/> times.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite, or the count is negative.</exception>
    public void Add(double value, long count)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A latency is a finite, non-negative number of milliseconds.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        if (value < MinIndexableValue)
        {
            ZeroCount = checked(ZeroCount + count);
            Count = checked(Count + count);
            return;
        }

        AddToBucket(BucketIndexOf(value), count);
    }

    /// <summary>Adds everything in <paramref name="other"/>; afterwards this is exactly the sketch of both inputs.</summary>
    public void Merge(LatencySketch other)
    {
        if (other.IsEmpty)
        {
            return;
        }

        ZeroCount = checked(ZeroCount + other.ZeroCount);
        Count = checked(Count + other.ZeroCount);
        foreach (var (index, count) in other.Buckets)
        {
            AddToBucket(index, count);
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0 = min, 0.5 = median, 1 = max); null when empty.</summary>
    public double? Quantile(double q)
    {
        if (double.IsNaN(q) || q < 0 || q > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile is between 0 and 1.");
        }

        if (IsEmpty)
        {
            return null;
        }

        // The value of rank ⌊q·(n−1)⌋ in sorted order, as the "lower" quantile of exact data.
        var rank = q * (Count - 1);
        double seen = ZeroCount;
        if (seen > rank)
        {
            return 0;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen > rank)
            {
                return BucketValue(firstIndex + i);
            }
        }

        return BucketValue(firstIndex + counts.Length - 1);
    }

    public LatencySketch Clone() => FromBuckets(ZeroCount, Buckets);

    private void AddToBucket(int index, long count)
    {
        if (count == 0)
        {
            return;
        }

        EnsureBucket(index);
        counts[index - firstIndex] = checked(counts[index - firstIndex] + count);
        Count = checked(Count + count);
    }

    private void EnsureBucket(int index)
    {
        if (counts.Length == 0)
        {
            counts = new long[GrowthSlack];
            firstIndex = index - GrowthSlack / 2;
            return;
        }

        var lastIndex = firstIndex + counts.Length - 1;
        if (index >= firstIndex && index <= lastIndex)
        {
            return;
        }

        // Grow with slack on the side that overflowed, so a drifting distribution does not copy on every value.
        var newFirst = Math.Min(firstIndex, index - (index < firstIndex ? GrowthSlack : 0));
        var newLast = Math.Max(lastIndex, index + (index > lastIndex ? GrowthSlack : 0));
        var grown = new long[newLast - newFirst + 1];
        Array.Copy(counts, 0, grown, firstIndex - newFirst, counts.Length);
        counts = grown;
        firstIndex = newFirst;
    }
}
