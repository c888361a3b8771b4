using Observatory.Core.Llm;
using Observatory.Core.Sketches;

namespace Observatory.Core.Rollups;

/// <summary>
/// Counters and the latency sketch of one model over one time bucket. Everything in it adds up,
/// so usage pre-aggregated per request, per grain or per stored row merges without loss.
/// </summary>
public sealed class ModelUsage
{
    public long RequestCount { get; private set; }
    public long ErrorCount { get; private set; }

    /// <summary>Calls that reported no token usage at all: their tokens and cost are unknown, not zero.</summary>
    public long CallsWithoutUsage { get; private set; }

    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public decimal CostUsd { get; private set; }
    public LatencySketch Latency { get; private set; } = new();

    public static ModelUsage Restore(long requests, long errors, long withoutUsage, long input, long output, decimal cost, LatencySketch latency) =>
        new()
        {
            RequestCount = requests,
            ErrorCount = errors,
            CallsWithoutUsage = withoutUsage,
            InputTokens = input,
            OutputTokens = output,
            CostUsd = cost,
            Latency = latency,
        };

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
        CostUsd += llm.CostUsd ?? 0m;
        Latency.Add(latencyMs);
    }

    public void Merge(ModelUsage other)
    {
        RequestCount += other.RequestCount;
        ErrorCount += other.ErrorCount;
        CallsWithoutUsage += other.CallsWithoutUsage;
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        CostUsd += other.CostUsd;
        Latency.Merge(other.Latency);
    }

    public ModelUsage Clone()
    {
        var copy = Restore(RequestCount, ErrorCount, CallsWithoutUsage, InputTokens, OutputTokens, CostUsd, new LatencySketch());
        copy.Latency.Merge(Latency);
        return copy;
    }
}
