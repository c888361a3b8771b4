using HdrHistogram;

namespace Observatory.Bench.LoadGen;

internal sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean, long Count)
{
    public static LatencySummary From(LongHistogram micros) => micros.TotalCount == 0
        ? new(0, 0, 0, 0, 0, 0, 0)
        : new(Ms(micros.GetValueAtPercentile(50)), Ms(micros.GetValueAtPercentile(90)), Ms(micros.GetValueAtPercentile(99)),
            Ms(micros.GetValueAtPercentile(99.9)), Ms(micros.GetMaxValue()), Math.Round(micros.GetMean() / 1000.0, 3), micros.TotalCount);

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>Cores used over the measured window and CPU microseconds per accepted span, by process.</summary>
internal sealed record CpuBreakdown(
    double WindowSeconds,
    double GeneratorCores,
    double? ServerCores,
    double PostgresBackendCores,
    double PostgresAuxCores,
    double BoxBusyCores,
    double GeneratorMicrosPerSpan,
    double? ServerMicrosPerSpan,
    double PostgresMicrosPerSpan,
    double BoxMicrosPerSpan)
{
    public static CpuBreakdown From(CpuUsage u, long spans)
    {
        double PerSpan(double seconds) => spans > 0 ? Math.Round(seconds * 1e6 / spans, 1) : 0;
        double Cores(double seconds) => Math.Round(seconds / u.WallSeconds, 2);
        return new CpuBreakdown(Math.Round(u.WallSeconds, 2), Cores(u.GeneratorSeconds), u.ServerSeconds is { } s ? Cores(s) : null,
            Cores(u.PgBackendSeconds), Cores(u.PgAuxSeconds), Cores(u.BoxBusySeconds),
            PerSpan(u.GeneratorSeconds), u.ServerSeconds is { } s2 ? PerSpan(s2) : null, PerSpan(u.PgBackendSeconds + u.PgAuxSeconds), PerSpan(u.BoxBusySeconds));
    }
}

internal sealed record LoadResult
{
    public double TargetSpansPerSecond { get; init; }
    public double WindowSeconds { get; init; }
    public int SpansPerRequest { get; init; }
    public long RequestsSent { get; init; }
    public long RequestsAccepted { get; init; }
    public long AcceptedSpans { get; init; }

    /// <summary>Every span acknowledged during the run, warm-up and tail included: what the database must hold afterwards.</summary>
    public long AcceptedSpansTotal { get; init; }

    public long FailedRequestsTotal { get; init; }
    public double AcceptedSpansPerSecond { get; init; }
    public double OfferedSpansPerSecond { get; init; }
    public required Dictionary<string, long> RejectedRequestsByStatus { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public long LateRequests { get; init; }
    public double MaxScheduleLagMs { get; init; }
    public double AverageBodyBytesOnWire { get; init; }
    public double BuildMicrosPerRequest { get; init; }
    public CpuBreakdown? Cpu { get; init; }
    public int? ServerPid { get; init; }
    public long? ServerRssMiBStart { get; init; }
    public long? ServerRssMiBEnd { get; init; }
    public PgWindow? Postgres { get; init; }
    public string? LoadAverage { get; init; }

    /// <summary>Per second of the window: exports, exports slower than 100 ms, the slowest.</summary>
    public IReadOnlyList<TimelineSecond> Timeline { get; init; } = [];

    /// <summary>When the measured window opened (second 0 of <see cref="Timeline"/>), to line up with the product's logs and counters.</summary>
    public DateTime WindowStartUtc { get; init; }
}

internal sealed record GeneratorCapacity(double BodiesPerSecond, double SpansPerSecond, double MicrosPerBody, bool Gzip);

internal sealed record CopyRun(string Mode, long Rows, double Seconds, double RowsPerSecond, CpuBreakdown? Cpu);

internal sealed record CopyResult
{
    public long Rows { get; init; }
    public int BatchRows { get; init; }
    public int Connections { get; init; }
    public required IReadOnlyList<string> Indexes { get; init; }
    public double DecodeMicrosPerSpan { get; init; }
    public double MapMicrosPerSpan { get; init; }
    public double DecodeCpuMicrosPerSpan { get; init; }
    public double MapCpuMicrosPerSpan { get; init; }
    public double AverageAttributesJsonBytes { get; init; }
    public required CopyRun Direct { get; init; }
    public CopyRun? Staged { get; init; }
}

internal sealed record BenchResult
{
    public required string Timestamp { get; init; }
    public required string Machine { get; init; }
    public required Dictionary<string, object?> Options { get; init; }
    public required GeneratorCapacity Generator { get; init; }
    public LoadResult? Load { get; init; }
    public CopyResult? Copy { get; init; }
    public double? ProductToCopyRatio { get; init; }
    public double? ProductToStagedCopyRatio { get; init; }
}
