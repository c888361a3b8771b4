using Observatory.Core.Rollups;

namespace Observatory.Storage.Rollups;

/// <summary>The table that holds each rollup resolution (same columns and key in all three).</summary>
public static class RollupTables
{
    public const string Columns =
        "project_id, provider, model, service_name, bucket_start, request_count, error_count, calls_without_usage, input_tokens, " +
        "output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, latency_sketch, ttft_sketch";

    public static string Name(RollupResolution resolution) => resolution switch
    {
        RollupResolution.Minute => "model_rollups",
        RollupResolution.Hour => "model_rollups_hourly",
        RollupResolution.Day => "model_rollups_daily",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };
}
