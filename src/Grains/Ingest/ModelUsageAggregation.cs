using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Ingest;

/// <summary>Pre-aggregates a batch of LLM spans per model, service and minute, ready for one call per model grain.</summary>
public static class ModelUsageAggregation
{
    public static Dictionary<ModelId, ModelUsageDelta[]> ByModel(IEnumerable<SpanRecord> spans)
    {
        var buckets = new Dictionary<ModelId, Dictionary<(string Service, long Bucket), ModelUsage>>();
        foreach (var span in spans)
        {
            if (span.Llm is not { IsModelCall: true } llm)
            {
                continue;
            }

            var id = new ModelId(llm.Provider ?? "", llm.Model ?? "");
            if (!buckets.TryGetValue(id, out var perBucket))
            {
                buckets[id] = perBucket = new();
            }

            var key = (span.ServiceName, ModelBucket.StartOf(span.StartUnixNano));
            if (!perBucket.TryGetValue(key, out var usage))
            {
                perBucket[key] = usage = new ModelUsage();
            }

            usage.RecordCall(llm, span.IsError, span.DurationMs);
        }

        return buckets.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Select(b => ToDelta(b.Key.Service, b.Key.Bucket, b.Value)).ToArray());
    }

    public static ModelUsageDelta ToDelta(string service, long bucketStart, ModelUsage u) =>
        new(service, bucketStart, u.RequestCount, u.ErrorCount, u.CallsWithoutUsage, u.InputTokens, u.OutputTokens, u.CostUsd,
            u.Latency.ToBytes(), u.CacheReadTokens, u.CacheWriteTokens, u.ReasoningTokens, u.TimeToFirstToken.ToBytes());

    public static ModelUsage ToUsage(ModelUsageDelta d) =>
        ModelUsage.Restore(d.Counters, LatencySketch.FromBytes(d.LatencySketch), LatencySketch.FromBytes(d.TimeToFirstTokenSketch));
}
