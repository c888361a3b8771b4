namespace Observatory.Bench.LoadGen;

/// <summary>Everything the command line sets.</summary>
internal sealed record BenchOptions
{
    /// <summary>OTLP/HTTP base address, or with <see cref="Grpc"/> the OTLP/gRPC one.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Send over OTLP/gRPC (<c>TraceService/Export</c>) instead of OTLP/HTTP protobuf.</summary>
    public bool Grpc { get; init; }
    public double Rate { get; init; }
    public int DurationSeconds { get; init; }
    public int WarmupSeconds { get; init; }
    public int SpansPerTrace { get; init; }
    public double LlmShare { get; init; }
    public int SpansPerRequest { get; init; }
    public int Concurrency { get; init; }
    public bool Gzip { get; init; }
    public string? Postgres { get; init; }
    public string? JsonPath { get; init; }
    public int Templates { get; init; }
    public int CopyRows { get; init; }
    public int CopyMaxRows { get; init; }
    public int CopyBatchRows { get; init; }
    public int CopyConnections { get; init; }
    public bool CopyOnly { get; init; }
    public bool SkipStagedCopy { get; init; }
    public int? ServerPid { get; init; }
    public int Seed { get; init; }

    /// <summary>Traces are never split across requests, so a request holds whole traces.</summary>
    public int TracesPerRequest => Math.Max(1, SpansPerRequest / SpansPerTrace);

    public int EffectiveSpansPerRequest => TracesPerRequest * SpansPerTrace;
}
