using Observatory.Core.Spans;

namespace Observatory.Core.Llm;

/// <summary>
/// The largest values a fact of one span can take. Beyond them a number cannot describe a real LLM call (a broken or
/// hostile instrumentation sent it) and is read as unknown, and an identifier is truncated with a marker. Without these
/// bounds one such span would fail the COPY of its whole batch (numeric or bigint overflow, an index row too large), a
/// retryable error that the exporter would retry forever while the batch's valid spans never land.
/// </summary>
public static class FactLimits
{
    /// <summary>
    /// 10^10 tokens in one call: a thousand times the largest context window, and far enough below bigint's 9.2 × 10^18
    /// that the sums of a trace, a rollup bucket or an analytics query cannot overflow.
    /// </summary>
    public const long MaxTokens = 10_000_000_000;

    /// <summary>A million dollars for one call; costs are stored as numeric(24,12), which holds less than 10^12, sums included.</summary>
    public const decimal MaxCostUsd = 1_000_000m;

    /// <summary>A week, in milliseconds: a longer time to first token is no measurement, and would skew latency sketches.</summary>
    public const double MaxTimeToFirstTokenMs = 7 * 24 * 3600 * 1000.0;

    /// <summary>
    /// UTF-8 bytes of an identifier (provider, model, operation, service, user, session, error type): several of them
    /// share one index row, which PostgreSQL caps at about 2.7 kB.
    /// </summary>
    public const int MaxIdentifierBytes = 256;

    /// <summary>The identifier, cut to <see cref="MaxIdentifierBytes"/> and a truncation marker when longer.</summary>
    public static string? Identifier(string? text) => text is null ? null : AttributeJsonWriter.Truncate(text, MaxIdentifierBytes);
}
