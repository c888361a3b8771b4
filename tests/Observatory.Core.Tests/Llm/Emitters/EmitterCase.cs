using Observatory.Core.Llm;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>
/// A span as one instrumentation really sends it (built from the source its table row cites), every fact the normalizer
/// must read from it, and the exact cost: the price arithmetic is written out per case, not taken from the calculator.
/// </summary>
public sealed record EmitterCase(SpanData Payload, LlmFacts Expected, decimal? CostUsd)
{
    public static SpanData Span(string? scope, string name, SpanKind kind, params (string Key, object? Value)[] attributes) => new()
    {
        TraceId = TestSpans.TraceId,
        SpanId = TestSpans.SpanId,
        Name = name,
        Kind = kind,
        StartUnixNano = 1_764_000_000_000_000_000,
        EndUnixNano = 1_764_000_004_000_000_000,
        Status = SpanStatusCode.Ok,
        ScopeName = scope,
        Attributes = TestSpans.Attributes(attributes),
    };

    /// <summary>USD for a number of tokens at a price per million.</summary>
    public static decimal Usd(long tokens, decimal perMillion) => tokens * perMillion / 1_000_000m;
}
