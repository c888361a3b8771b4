using Observatory.Core.Sketches;

namespace Observatory.Core.Tests.Sketches;

public class LatencySketchTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Distributions => new(Samples.Keys);

    private static readonly Dictionary<string, Func<Random, double>> Samples = new()
    {
        ["uniform 1 ms – 10 s"] = random => 1 + random.NextDouble() * 9_999,
        ["log-normal around 800 ms (LLM calls)"] = random => Math.Exp(6.7 + 0.9 * Gaussian(random)),
        ["exponential, mean 50 ms"] = random => -50 * Math.Log(1 - random.NextDouble()),
        ["bimodal: cache hits 2 ms, misses 1.5 s"] = random => random.NextDouble() < 0.7 ? 2 + random.NextDouble() : 1500 + 300 * Gaussian(random),
        ["sub-millisecond"] = random => 0.001 + random.NextDouble() * 0.5,
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantiles_are_within_one_percent_of_the_exact_ones(string distribution)
    {
        var random = new Random(20251126);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Max(0, Samples[distribution](random))).ToArray();
        var sketch = Sketch(values);
        Array.Sort(values);

        foreach (var q in Quantiles)
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q)!.Value;
            Assert.True(Math.Abs(estimate - exact) <= LatencySketch.RelativeAccuracy * exact,
                $"q={q}: estimate {estimate} vs exact {exact}");
        }

        Assert.Equal(values.Length, sketch.Count);
    }

    [Fact]
    public void An_empty_sketch_has_no_quantiles()
    {
        var sketch = new LatencySketch();

        Assert.Equal(0, sketch.Count);
        Assert.True(sketch.IsEmpty);
        Assert.Null(sketch.Quantile(0.5));
        Assert.Empty(sketch.Buckets);
    }

    [Fact]
    public void Zero_latencies_have_their_own_bucket()
    {
        var sketch = new LatencySketch();
        sketch.Add(0, 10);
        sketch.Add(5, 10);

        Assert.Equal(0, sketch.Quantile(0.25));
        Assert.Equal(5, sketch.Quantile(0.75)!.Value, 5 * LatencySketch.RelativeAccuracy);
        Assert.Equal((10L, 20L), (sketch.ZeroCount, sketch.Count));
    }

    [Fact]
    public void Merging_sketches_gives_exactly_the_sketch_of_the_union()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 30_000).Select(_ => Math.Exp(8 * random.NextDouble() - 2)).Append(0).ToArray();
        var parts = new[] { new LatencySketch(), new LatencySketch(), new LatencySketch() };
        foreach (var value in values)
        {
            parts[random.Next(parts.Length)].Add(value);
        }

        var merged = new LatencySketch();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        var union = Sketch(values);
        Assert.Equal(union.ToBytes(), merged.ToBytes());
        Assert.Equal(union.Count, merged.Count);
        Assert.Equal(Quantiles.Select(union.Quantile), Quantiles.Select(merged.Quantile));
    }

    [Fact]
    public void Merging_sketches_with_disjoint_ranges_keeps_both_ends()
    {
        var fast = Sketch([0.002, 0.003]);
        var slow = Sketch([120_000, 600_000]);

        fast.Merge(slow);

        Assert.Equal(0.002, fast.Quantile(0)!.Value, 0.002 * LatencySketch.RelativeAccuracy);
        Assert.Equal(600_000, fast.Quantile(1)!.Value, 600_000 * LatencySketch.RelativeAccuracy);
        Assert.Equal(Sketch([0.002, 0.003, 120_000, 600_000]).ToBytes(), fast.ToBytes());
    }

    [Fact]
    public void Adding_a_value_n_times_equals_adding_it_with_count_n()
    {
        var once = new LatencySketch();
        once.Add(42.5, 3);
        var thrice = Sketch([42.5, 42.5, 42.5]);

        Assert.Equal(thrice.ToBytes(), once.ToBytes());
    }

    [Fact]
    public void The_bytes_round_trip()
    {
        var random = new Random(3);
        var sketch = Sketch(Enumerable.Range(0, 5000).Select(_ => random.NextDouble() < 0.01 ? 0 : Math.Exp(10 * random.NextDouble())));

        var bytes = sketch.ToBytes();
        var restored = LatencySketch.FromBytes(bytes);

        Assert.Equal(sketch.Buckets, restored.Buckets);
        Assert.Equal((sketch.Count, sketch.ZeroCount), (restored.Count, restored.ZeroCount));
        Assert.Equal(bytes, restored.ToBytes());
        Assert.True(bytes.Length < 3 * sketch.Buckets.Count() + 8, $"{bytes.Length} bytes for {sketch.Buckets.Count()} buckets");
    }

    [Fact]
    public void An_empty_sketch_round_trips_through_bytes()
    {
        var bytes = new LatencySketch().ToBytes();

        Assert.Equal([1, 0, 0], bytes);
        Assert.True(LatencySketch.FromBytes(bytes).IsEmpty);
    }

    [Fact]
    public void Version_1_bytes_stored_today_stay_readable()
    {
        // version 1, zero count 2, two buckets: index zigzag(1)=2 count 3; next index +1 (gap 0) count 4
        var sketch = LatencySketch.FromBytes([1, 2, 2, 2, 3, 0, 4]);

        Assert.Equal([(1, 3L), (2, 4L)], sketch.Buckets);
        Assert.Equal((2L, 9L), (sketch.ZeroCount, sketch.Count));
        // Bucket i stands for 2γ^i/(γ+1) with γ = 1.01/0.99: the mapping is part of the format.
        Assert.Equal((0, 1.0100, 1.0304), (sketch.Quantile(0), Math.Round(sketch.Quantile(0.5)!.Value, 4), Math.Round(sketch.Quantile(1)!.Value, 4)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 1, 0 })]
    [InlineData(new byte[] { 1, 0, 1, 2 })]
    [InlineData(new byte[] { 1, 0, 0, 7 })]
    [InlineData(new byte[] { 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0 })]
    [InlineData(new byte[] { 1, 0, 5, 0, 1 })]
    public void Bytes_that_are_not_a_sketch_are_rejected(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => LatencySketch.FromBytes(bytes));
    }

    [Fact]
    public void A_sketch_can_be_rebuilt_from_its_bucket_pairs()
    {
        var sketch = Sketch([0, 1, 10, 10, 100, 1000]);

        var rebuilt = LatencySketch.FromBuckets(sketch.ZeroCount, sketch.Buckets.ToArray());

        Assert.Equal(sketch.ToBytes(), rebuilt.ToBytes());
        Assert.Equal(6, rebuilt.Count);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.37)]
    [InlineData(1)]
    [InlineData(999.9)]
    [InlineData(86_400_000)]
    [InlineData(1e12)]
    public void A_bucket_stands_for_its_values_within_the_relative_accuracy(double value)
    {
        var represented = LatencySketch.BucketValue(LatencySketch.BucketIndexOf(value));

        Assert.True(Math.Abs(represented - value) <= LatencySketch.RelativeAccuracy * value, $"{value} → {represented}");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_latencies_are_refused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencySketch().Add(value));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Quantiles_outside_zero_to_one_are_refused(double q)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sketch([1]).Quantile(q));
    }

    private static LatencySketch Sketch(IEnumerable<double> values)
    {
        var sketch = new LatencySketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        return sketch;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
