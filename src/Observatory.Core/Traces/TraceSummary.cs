namespace Observatory.Core.Traces;

/// <summary>The totals of one trace, as the trace list shows them.</summary>
public sealed record TraceSummary
{
    public required string TraceId { get; init; }
    public required string ServiceName { get; init; }
    public required string RootSpanName { get; init; }
    public long StartUnixNano { get; init; }
    public long EndUnixNano { get; init; }
    public int SpanCount { get; init; }
    public int LlmCallCount { get; init; }
    public int ErrorCount { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public decimal CostUsd { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public string? UserId { get; init; }
    public string? SessionId { get; init; }

    /// <summary>True once the span without a parent has arrived.</summary>
    public bool HasRoot { get; init; }

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
}
