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

    /// <summary>Writes changed buckets now (tests and shutdown; the timer does it otherwise).</summary>
    [Alias("Flush")]
    Task Flush();
}

/// <summary>Usage of one model for one service in one minute; the latency sketch travels as its stored bytes.</summary>
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
    [property: Id(8)] byte[] LatencySketch);

/// <summary>A model's totals over a range, latency percentiles in milliseconds (null when there were no calls).</summary>
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
    [property: Id(10)] double? LatencyP99);
