using Observatory.Core.Rollups;

namespace Observatory.Grains.Contracts;

/// <summary>
/// One model of one project (key: <see cref="GrainKeys.Model"/>): answers its totals from the stored minute, hour and
/// day rollups, which ingest keeps exact in the spans' own transaction.
/// </summary>
[Alias("observatory.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Totals for calls that started in [from, to), optionally for one service.</summary>
    [Alias("GetStats")]
    Task<ModelStatsReply> GetStats(DateTime from, DateTime to, string? service);
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
