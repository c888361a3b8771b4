using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>One model call as a test defines it; null tokens mean the span reported no usage.</summary>
internal sealed record ModelCall(
    string Provider, string Model, string Service, long StartUnixNano, long DurationNanos, long? Input, long? Output, bool Error)
{
    public double DurationMs => DurationNanos / 1_000_000.0;

    public decimal Cost => Input is { } i && Output is { } o ? TestSpans.Cost(Model, i, o) : 0m;

    /// <summary>
    /// Random calls in the given minute (offset from <see cref="TestSpans.BaseTime"/>): latency 150 ms to 6 s
    /// (skewed towards short), about one in six failed and one in eight without usage.
    /// </summary>
    public static List<ModelCall> Random(Random random, int count, string provider, string model, string service, int minute)
    {
        var calls = new List<ModelCall>(count);
        for (var i = 0; i < count; i++)
        {
            var start = At(TimeSpan.FromMinutes(minute)) + random.NextInt64(0, 59_000_000) * 1000;
            var latencyMicros = (long)(150_000 + Math.Pow(random.NextDouble(), 2) * 5_850_000);
            var withoutUsage = random.Next(8) == 0;
            calls.Add(new ModelCall(
                provider, model, service, start, latencyMicros * 1000,
                withoutUsage ? null : random.Next(50, 4000),
                withoutUsage ? null : random.Next(1, 1500),
                random.Next(6) == 0));
        }

        return calls;
    }

    /// <summary>The calls as spans of one trace (whose root, in another service, is not part of the batch).</summary>
    public static SpanRecord[] ToSpans(IEnumerable<ModelCall> calls)
    {
        var traceId = NewTraceId();
        return calls.Select((c, i) => Llm(
            traceId, i + 2, 1, c.Service, c.StartUnixNano, c.StartUnixNano + c.DurationNanos, c.Provider, c.Model, c.Input, c.Output, c.Error))
            .ToArray();
    }

    /// <summary>Asserts the stats against the calls: counters and cost exactly, percentiles within 1% of the exact ones.</summary>
    public static void AssertStats(IReadOnlyCollection<ModelCall> calls, ModelStatsReply stats)
    {
        Assert.Equal(calls.Count, stats.RequestCount);
        Assert.Equal(calls.Count(c => c.Error), stats.ErrorCount);
        Assert.Equal(calls.Count(c => c.Input is null && c.Output is null), stats.CallsWithoutUsage);
        Assert.Equal(calls.Sum(c => c.Input ?? 0), stats.InputTokens);
        Assert.Equal(calls.Sum(c => c.Output ?? 0), stats.OutputTokens);
        Assert.Equal(calls.Sum(c => c.Cost), stats.CostUsd);
        AssertPercentile(calls, 0.50, stats.LatencyP50);
        AssertPercentile(calls, 0.95, stats.LatencyP95);
        AssertPercentile(calls, 0.99, stats.LatencyP99);
    }

    /// <summary>The exact "lower" percentile: the value of rank ⌊q·(n−1)⌋ in sorted order.</summary>
    public static double ExactPercentile(IEnumerable<ModelCall> calls, double q)
    {
        var sorted = calls.Select(c => c.DurationMs).Order().ToArray();
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    private static void AssertPercentile(IReadOnlyCollection<ModelCall> calls, double q, double? actual)
    {
        Assert.NotNull(actual);
        var exact = ExactPercentile(calls, q);
        Assert.True(Math.Abs(actual.Value - exact) <= 0.01 * exact,
            $"p{q * 100:0}: {actual.Value:0.###} ms is not within 1% of the exact {exact:0.###} ms");
    }
}
