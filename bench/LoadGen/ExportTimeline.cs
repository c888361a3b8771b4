using System.Diagnostics;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// Exports of the measured window per second of their send time: how many, how many slower than
/// <see cref="SlowMillis"/>, and the slowest. Shows whether a latency tail is spread evenly or comes in bursts, to line up
/// with the product's GC, commit and timer events of the same seconds.
/// </summary>
internal sealed class ExportTimeline(int windowSeconds)
{
    public const int SlowMillis = 100;

    private readonly long[] _count = new long[windowSeconds];
    private readonly long[] _slow = new long[windowSeconds];
    private readonly long[] _maxMicros = new long[windowSeconds];

    /// <summary>Records an export sent <paramref name="sinceWindowStartTicks"/> after the window opened.</summary>
    public void Record(long sinceWindowStartTicks, long micros)
    {
        var second = sinceWindowStartTicks / Stopwatch.Frequency;
        if (sinceWindowStartTicks < 0 || second >= _count.Length)
        {
            return;
        }

        Interlocked.Increment(ref _count[second]);
        if (micros > SlowMillis * 1000L)
        {
            Interlocked.Increment(ref _slow[second]);
        }

        var max = Volatile.Read(ref _maxMicros[second]);
        while (micros > max && Interlocked.CompareExchange(ref _maxMicros[second], micros, max) is var seen && seen != max)
        {
            max = seen;
        }
    }

    public IReadOnlyList<TimelineSecond> Seconds() =>
        Enumerable.Range(0, _count.Length).Select(i => new TimelineSecond(i, _count[i], _slow[i], _maxMicros[i] / 1000.0)).ToList();
}

/// <summary>One second of the window: exports sent, of them slower than <see cref="ExportTimeline.SlowMillis"/>, the slowest (ms).</summary>
internal sealed record TimelineSecond(int Second, long Exports, long Slow, double MaxMs);
