using Observatory.Core.Llm;
using Observatory.Core.Sketches;

namespace Observatory.Core.Rollups;

/// <summary>
/// Counters and the latency and time-to-first-token sketches of one model over one time bucket. Everything in it
/// adds up, so usage pre-aggregated per request, per grain or per stored row merges without loss.
/// </summary>
public sealed class ModelUsage
{
    public long RequestCount { get; private set; }
    public long ErrorCount { get; private set; }

    /// <summary>Calls that reported no token usage at all: their tokens and cost are unknown, not zero.</summary>
    public long CallsWithoutUsage { get; private set; }

    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long CacheReadTokens { get; private set; }
    public long CacheWriteTokens { get; private set; }
    public long ReasoningTokens { get; private set; }
    public decimal CostUsd { get; private set; }
    public LatencySketch Latency { get; private set; } = new();

    /// <summary>Time to first token of the streamed calls that reported one.</summary>
    public LatencySketch TimeToFirstToken { get; private set; } = new();

    /// <summary>Rebuilds usage from stored or transmitted counters.</summary>
    public static ModelUsage Restore(ModelUsageCounters counters, LatencySketch latency, LatencySketch? timeToFirstToken) =>
        new()
        {
            RequestCount = counters.RequestCount,
            ErrorCount = counters.ErrorCount,
            CallsWithoutUsage = counters.CallsWithoutUsage,
            InputTokens = counters.InputTokens,
            OutputTokens = counters.OutputTokens,
            CacheReadTokens = counters.CacheReadTokens,
            CacheWriteTokens = counters.CacheWriteTokens,
            ReasoningTokens = counters.ReasoningTokens,
            CostUsd = counters.CostUsd,
            Latency = latency,
            TimeToFirstToken = timeToFirstToken ?? new LatencySketch(),
        };

    public ModelUsageCounters Counters => new(
        RequestCount, ErrorCount, CallsWithoutUsage, InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens, CostUsd);

    public void RecordCall(LlmFacts llm, bool isError, double latencyMs)
    {
        RequestCount++;
        if (isError)
        {
            ErrorCount++;
        }

        if (!llm.HasUsage)
        {
            CallsWithoutUsage++;
        }

        InputTokens += llm.InputTokens ?? 0;
        OutputTokens += llm.OutputTokens ?? 0;
        CacheReadTokens += llm.CacheReadInputTokens ?? 0;
        CacheWriteTokens += llm.CacheCreationInputTokens ?? 0;
        ReasoningTokens += llm.ReasoningOutputTokens ?? 0;
        CostUsd += llm.CostUsd ?? 0m;
        Latency.Add(latencyMs);
        if (llm.TimeToFirstTokenMs is { } ttft && ttft >= 0 && double.IsFinite(ttft))
        {
            TimeToFirstToken.Add(ttft);
        }
    }

    public void Merge(ModelUsage other)
    {
        RequestCount += other.RequestCount;
        ErrorCount += other.ErrorCount;
        CallsWithoutUsage += other.CallsWithoutUsage;
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        CacheReadTokens += other.CacheReadTokens;
        CacheWriteTokens += other.CacheWriteTokens;
        ReasoningTokens += other.ReasoningTokens;
        CostUsd += other.CostUsd;
        Latency.Merge(other.Latency);
        TimeToFirstToken.Merge(other.TimeToFirstToken);
    }
}

/// <summary>The additive counters of <see cref="ModelUsage"/>, as stored and sent between grains.</summary>
public sealed record ModelUsageCounters(
    long RequestCount,
    long ErrorCount,
    long CallsWithoutUsage,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long ReasoningTokens,
    decimal CostUsd);
