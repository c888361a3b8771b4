using Observatory.Core.Rollups;

namespace Observatory.Grains.Contracts;

/// <summary>
/// One model of one project (key: <see cref="GrainKeys.Model"/>): live per-minute usage buckets,
/// written to <c>model_rollups</c> on a timer and answered merged with what is already stored.
/// </summary>
[Alias("observatory.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Adds usage pre-aggregated by the caller (one entry per service and minute).</summary>
    [Alias("Record")]
    Task Record(Immutable<ModelUsageDelta[]> deltas);

    /// <summary>Totals for calls that started in [from, to), optionally for one service.</summary>
    [Alias("GetStats")]
    Task<ModelStatsReply> GetStats(DateTime from, DateTime to, string? service);

    /// <summary>After a re-cost: sets the cost of every bucket covering [from, to) to the sum of its calls' stored costs.</summary>
    [Alias("RecomputeCost")]
    Task RecomputeCost(DateTime from, DateTime to);

    /// <summary>Writes changed buckets now (tests and shutdown; the timer does it otherwise).</summary>
    [Alias("Flush")]
    Task Flush();
}

/// <summary>Usage of one model for one service in one minute; the sketches travel as their stored bytes.</summary>
[GenerateSerializer, Immutable, Alias("observatory.ModelUsageDelta")]
public sealed record ModelUsageDelta(
    [property: Id(0)] string ServiceName,
    [property: Id(1)] long BucketStartUnixNano,
    [property: Id(2)] long RequestCount,
    [property: Id(3)] long ErrorCount,
    [property: Id(4)] long CallsWithoutUsage,
    [property: Id(5)] long InputTokens,
    [property: Id(6)] long OutputTokens,
    [property: Id(7)] decimal CostUsd,
    [property: Id(8)] byte[] LatencySketch,
    [property: Id(9)] long CacheReadTokens,
    [property: Id(10)] long CacheWriteTokens,
    [property: Id(11)] long ReasoningTokens,
    [property: Id(12)] byte[] TimeToFirstTokenSketch)
{
    public ModelUsageCounters Counters => new(
        RequestCount, ErrorCount, CallsWithoutUsage, InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens, CostUsd);
}

/// <summary>A model's totals over a range; percentiles in milliseconds, null when there was nothing to measure.</summary>
[GenerateSerializer, Immutable, Alias("observatory.ModelStatsReply")]
public sealed record ModelStatsReply(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Model,
    [property: Id(2)] long RequestCount,
    [property: Id(3)] long ErrorCount,
    [property: Id(4)] long CallsWithoutUsage,
    [property: Id(5)] long InputTokens,
    [property: Id(6)] long OutputTokens,
    [property: Id(7)] decimal CostUsd,
    [property: Id(8)] double? LatencyP50,
    [property: Id(9)] double? LatencyP95,
    [property: Id(10)] double? LatencyP99,
    [property: Id(11)] long CacheReadTokens,
    [property: Id(12)] long CacheWriteTokens,
    [property: Id(13)] long ReasoningTokens,
    [property: Id(14)] double? TtftP50,
    [property: Id(15)] double? TtftP95,
    [property: Id(16)] double? TtftP99)
{
    public static ModelStatsReply From(ModelId model, ModelUsage total) => new(
        model.Provider, model.Model, total.RequestCount, total.ErrorCount, total.CallsWithoutUsage, total.InputTokens, total.OutputTokens,
        total.CostUsd, total.Latency.Quantile(0.5), total.Latency.Quantile(0.95), total.Latency.Quantile(0.99),
        total.CacheReadTokens, total.CacheWriteTokens, total.ReasoningTokens,
        total.TimeToFirstToken.Quantile(0.5), total.TimeToFirstToken.Quantile(0.95), total.TimeToFirstToken.Quantile(0.99));
}
