using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>One stored per-minute bucket of a model: (service, minute) and its usage.</summary>
public sealed record RollupBucket(string ServiceName, long BucketStartUnixNano, ModelUsage Usage);

/// <summary>
/// The <c>model_rollups</c> table, used by ModelGrain only: it reads buckets it has not seen yet and writes
/// back absolute values for the buckets it changed. Provider and model are '' when unknown.
/// </summary>
public sealed class RollupStore(NpgsqlDataSource dataSource)
{
    private const string SelectColumns =
        "service_name, bucket_start, request_count, error_count, calls_without_usage, input_tokens, output_tokens, " +
        "cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, latency_sketch, ttft_sketch";

    public async Task<RollupBucket?> LoadAsync(string project, string provider, string model, string service, long bucketStartUnixNano, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {SelectColumns} FROM model_rollups WHERE project_id = @p AND provider = @provider AND model = @model AND service_name = @service AND bucket_start = @bucket");
        AddKey(cmd, project, provider, model);
        cmd.Parameters.AddWithValue("service", service);
        cmd.Parameters.AddWithValue("bucket", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(bucketStartUnixNano));
        var rows = await ReadAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Buckets that start in [from, to), optionally for one service.</summary>
    public async Task<IReadOnlyList<RollupBucket>> LoadRangeAsync(
        string project, string provider, string model, DateTime from, DateTime to, string? service, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {SelectColumns} FROM model_rollups WHERE project_id = @p AND provider = @provider AND model = @model " +
            "AND bucket_start >= @from AND bucket_start < @to" + (service is null ? "" : " AND service_name = @service"));
        AddKey(cmd, project, provider, model);
        cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from);
        cmd.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to);
        if (service is not null)
        {
            cmd.Parameters.AddWithValue("service", service);
        }

        return await ReadAsync(cmd, ct);
    }

    /// <summary>Writes the buckets' absolute values in one round trip.</summary>
    public async Task UpsertAsync(string project, string provider, string model, IReadOnlyCollection<RollupBucket> buckets, CancellationToken ct)
    {
        if (buckets.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var bucket in buckets)
        {
            var cmd = new NpgsqlBatchCommand(
                """
                INSERT INTO model_rollups (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                    calls_without_usage, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
                    cost_usd, latency_sketch, ttft_sketch)
                VALUES (@p, @provider, @model, @service, @bucket, @requests, @errors, @withoutUsage, @input, @output,
                    @cacheRead, @cacheWrite, @reasoning, @cost, @sketch, @ttft)
                ON CONFLICT (project_id, provider, model, service_name, bucket_start) DO UPDATE SET
                    request_count = EXCLUDED.request_count, error_count = EXCLUDED.error_count,
                    calls_without_usage = EXCLUDED.calls_without_usage, input_tokens = EXCLUDED.input_tokens,
                    output_tokens = EXCLUDED.output_tokens, cache_read_tokens = EXCLUDED.cache_read_tokens,
                    cache_write_tokens = EXCLUDED.cache_write_tokens, reasoning_tokens = EXCLUDED.reasoning_tokens,
                    cost_usd = EXCLUDED.cost_usd, latency_sketch = EXCLUDED.latency_sketch, ttft_sketch = EXCLUDED.ttft_sketch,
                    updated_at = now()
                """);
            var u = bucket.Usage;
            cmd.Parameters.AddWithValue("p", project);
            cmd.Parameters.AddWithValue("provider", provider);
            cmd.Parameters.AddWithValue("model", model);
            cmd.Parameters.AddWithValue("service", bucket.ServiceName);
            cmd.Parameters.AddWithValue("bucket", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(bucket.BucketStartUnixNano));
            cmd.Parameters.AddWithValue("requests", u.RequestCount);
            cmd.Parameters.AddWithValue("errors", u.ErrorCount);
            cmd.Parameters.AddWithValue("withoutUsage", u.CallsWithoutUsage);
            cmd.Parameters.AddWithValue("input", u.InputTokens);
            cmd.Parameters.AddWithValue("output", u.OutputTokens);
            cmd.Parameters.AddWithValue("cacheRead", u.CacheReadTokens);
            cmd.Parameters.AddWithValue("cacheWrite", u.CacheWriteTokens);
            cmd.Parameters.AddWithValue("reasoning", u.ReasoningTokens);
            cmd.Parameters.AddWithValue("cost", u.CostUsd);
            cmd.Parameters.AddWithValue("sketch", u.Latency.ToBytes());
            cmd.Parameters.AddWithValue("ttft", u.TimeToFirstToken.ToBytes());
            batch.BatchCommands.Add(cmd);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void AddKey(NpgsqlCommand cmd, string project, string provider, string model)
    {
        cmd.Parameters.AddWithValue("p", project);
        cmd.Parameters.AddWithValue("provider", provider);
        cmd.Parameters.AddWithValue("model", model);
    }

    private static async Task<List<RollupBucket>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<RollupBucket>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var counters = new ModelUsageCounters(
                reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
                reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetDecimal(10));
            var usage = ModelUsage.Restore(
                counters,
                LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(11)),
                reader.IsDBNull(12) ? null : LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(12)));
            rows.Add(new RollupBucket(reader.GetString(0), UnixNano.FromDateTime(reader.GetDateTime(1)), usage));
        }

        return rows;
    }
}
