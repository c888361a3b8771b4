using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>One stored bucket of a model: (resolution, service, bucket start) and its usage.</summary>
public sealed record RollupBucket(RollupResolution Resolution, string ServiceName, long BucketStartUnixNano, ModelUsage Usage);

/// <summary>
/// Reads the rollup tables (minute, hour, day) for queries. Ingest writes them through <c>RollupLedger</c> (Storage.Writers), in the
/// spans' own transaction. Provider and model are '' when unknown.
/// </summary>
public sealed class RollupStore(NpgsqlDataSource dataSource)
{
    /// <summary>The usage columns in the order <see cref="ReadUsage"/> reads them.</summary>
    internal const string UsageColumns =
        "request_count, error_count, calls_without_usage, input_tokens, output_tokens, " +
        "cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, latency_sketch, ttft_sketch";

    private const string SelectColumns = "service_name, bucket_start, " + UsageColumns;

    public async Task<RollupBucket?> LoadAsync(
        string project, string provider, string model, RollupResolution resolution, string service, long bucketStartUnixNano, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {SelectColumns} FROM {RollupTables.Name(resolution)} " +
            "WHERE project_id = @p AND provider = @provider AND model = @model AND service_name = @service AND bucket_start = @bucket");
        AddKey(cmd.Parameters, project, provider, model);
        cmd.Parameters.AddWithValue("service", service);
        cmd.Parameters.AddWithValue("bucket", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(bucketStartUnixNano));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<RollupBucket>();
        await ReadAsync(reader, resolution, rows, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The stored buckets a plan reads (see <see cref="RollupPlan"/>), optionally for one service; one round trip.</summary>
    public async Task<IReadOnlyList<RollupBucket>> LoadPlanAsync(
        string project, string provider, string model, IReadOnlyList<RollupSpan> plan, string? service, CancellationToken ct)
    {
        var rows = new List<RollupBucket>();
        if (plan.Count == 0)
        {
            return rows;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var span in plan)
        {
            var cmd = new NpgsqlBatchCommand(
                $"SELECT {SelectColumns} FROM {RollupTables.Name(span.Resolution)} WHERE project_id = @p AND provider = @provider " +
                "AND model = @model AND bucket_start >= @from AND bucket_start < @to" + (service is null ? "" : " AND service_name = @service"));
            AddKey(cmd.Parameters, project, provider, model);
            cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(span.FromUnixNano));
            cmd.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(span.ToUnixNano));
            if (service is not null)
            {
                cmd.Parameters.AddWithValue("service", service);
            }

            batch.BatchCommands.Add(cmd);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var span in plan)
        {
            await ReadAsync(reader, span.Resolution, rows, ct);
            await reader.NextResultAsync(ct);
        }

        return rows;
    }

    /// <summary>The models a project has rollups of (every model call makes one), ordered by provider and model.</summary>
    public async Task<IReadOnlyList<(string Provider, string Model)>> ListModelsAsync(string project, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT DISTINCT provider, model FROM model_rollups_daily WHERE project_id = @p ORDER BY provider, model");
        cmd.Parameters.AddWithValue("p", project);
        var models = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            models.Add((reader.GetString(0), reader.GetString(1)));
        }

        return models;
    }

    /// <summary>
    /// Writes the buckets' absolute values in one round trip (one implicit transaction: all or none). For seeding a
    /// database that nothing ingests into: it takes no series lock (see <c>RollupLedger</c> (Storage.Writers)).
    /// </summary>
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
                $"""
                INSERT INTO {RollupTables.Name(bucket.Resolution)} ({RollupTables.Columns})
                VALUES (@p, @provider, @model, @service, @bucket, @requests, @errors, @withoutUsage, @input, @output,
                    @cacheRead, @cacheWrite, @reasoning, @cost, @sketch, @ttft)
                ON CONFLICT (project_id, provider, model, service_name, bucket_start) DO UPDATE SET {UpdateFromExcluded}
                """);
            var u = bucket.Usage;
            AddKey(cmd.Parameters, project, provider, model);
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

    /// <summary>The SET list of an upsert that replaces a stored bucket with the incoming absolute values.</summary>
    internal const string UpdateFromExcluded =
        "request_count = EXCLUDED.request_count, error_count = EXCLUDED.error_count, " +
        "calls_without_usage = EXCLUDED.calls_without_usage, input_tokens = EXCLUDED.input_tokens, " +
        "output_tokens = EXCLUDED.output_tokens, cache_read_tokens = EXCLUDED.cache_read_tokens, " +
        "cache_write_tokens = EXCLUDED.cache_write_tokens, reasoning_tokens = EXCLUDED.reasoning_tokens, " +
        "cost_usd = EXCLUDED.cost_usd, latency_sketch = EXCLUDED.latency_sketch, ttft_sketch = EXCLUDED.ttft_sketch, updated_at = now()";

    private static void AddKey(NpgsqlParameterCollection parameters, string project, string provider, string model)
    {
        parameters.AddWithValue("p", project);
        parameters.AddWithValue("provider", provider);
        parameters.AddWithValue("model", model);
    }

    /// <summary>Reads the rows of the current result set (columns as <see cref="SelectColumns"/>).</summary>
    internal static async Task ReadAsync(NpgsqlDataReader reader, RollupResolution resolution, List<RollupBucket> rows, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RollupBucket(resolution, reader.GetString(0), UnixNano.FromDateTime(reader.GetDateTime(1)), ReadUsage(reader, 2)));
        }
    }

    /// <summary>Usage from the ten columns starting at <paramref name="first"/>: the nine counters in <see cref="SelectColumns"/> order, then the sketches.</summary>
    internal static ModelUsage ReadUsage(NpgsqlDataReader reader, int first)
    {
        var counters = new ModelUsageCounters(
            reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
            reader.GetInt64(first + 5), reader.GetInt64(first + 6), reader.GetInt64(first + 7), reader.GetDecimal(first + 8));
        return ModelUsage.Restore(
            counters,
            LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(first + 9)),
            reader.IsDBNull(first + 10) ? null : LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(first + 10)));
    }
}
