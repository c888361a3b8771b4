using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Ingest;
using Observatory.Core.Metrics;

namespace Observatory.Storage.Metrics;

/// <summary>
/// Stores metric data points durably, one transaction per export: registers their series, turns the running totals
/// of cumulative series into deltas against the last total kept on the (row-locked) series, and copies the points
/// into <c>otlp_metric_points</c> with ON CONFLICT DO NOTHING, so a retried export stores nothing twice.
/// </summary>
public sealed class MetricPointWriter(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the points; returns how many were new. Throws <see cref="IngestUnavailableException"/> when the database fails.</summary>
    public async Task<int> WriteAsync(string projectId, IReadOnlyList<MetricPointRecord> points, CancellationToken ct)
    {
        if (points.Count == 0)
        {
            return 0;
        }

        // One order for every transaction, so two exports touching the same series lock them without deadlocking.
        var series = points.GroupBy(p => p.SeriesKey).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var started = Stopwatch.GetTimestamp();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await RegisterSeriesAsync(connection, tx, projectId, series, ct);
            var cumulative = series.Where(g => IsRunningTotal(g.First())).Select(g => g.Key).ToArray();
            var states = await LockStatesAsync(connection, tx, projectId, cumulative, ct);

            var rows = new List<StoredPoint>(points.Count);
            var changed = new Dictionary<string, CumulativeState>(StringComparer.Ordinal);
            foreach (var group in series)
            {
                if (!IsRunningTotal(group.First()))
                {
                    rows.AddRange(group.Select(p => new StoredPoint(p.SeriesKey, p.Instrument, p.StartTimeUnixNano, p.TimeUnixNano, false, p.Value)));
                    continue;
                }

                states.TryGetValue(group.Key, out var state);
                foreach (var point in group.OrderBy(p => p.TimeUnixNano))
                {
                    var step = CumulativeToDelta.Next(state, point.Kind, point.IsMonotonic, point.StartTimeUnixNano, point.TimeUnixNano, point.Value);
                    if (step.Delta is { } delta)
                    {
                        rows.Add(new StoredPoint(point.SeriesKey, point.Instrument, step.DeltaStartUnixNano, point.TimeUnixNano, step.Restarted, delta));
                        changed[group.Key] = step.Next;
                    }

                    state = step.Next;
                }
            }

            var inserted = await CopyPointsAsync(connection, tx, projectId, rows, ct);
            await SaveStatesAsync(connection, tx, projectId, changed, ct);
            await tx.CommitAsync(ct);
            StorageMetrics.Committed("otlp_metric_points", points.Count, started);
            return inserted;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            StorageMetrics.WriteFailed("otlp_metric_points");
            throw new IngestUnavailableException("The metric store is unavailable: " + ex.Message, ex);
        }
    }

    private static bool IsRunningTotal(MetricPointRecord point) =>
        point.Temporality == MetricTemporality.Cumulative && point.Kind != MetricKind.Gauge;

    private static async Task RegisterSeriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projectId,
        List<IGrouping<string, MetricPointRecord>> series, CancellationToken ct)
    {
        var first = series.Select(g => g.First()).ToList();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO otlp_metric_series (project_id, series_key, instrument, kind, unit, temporality, monotonic, service_name,
                                            scope_name, scope_version, attributes, resource_attributes)
            SELECT $1, s.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::text[],
                                       $10::text[], $11::jsonb[], $12::jsonb[]) AS s
            ON CONFLICT (project_id, series_key) DO NOTHING
            """, connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = projectId });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.SeriesKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.Instrument).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => MetricNames.Kind(p.Kind)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.Unit).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => MetricNames.Temporality(p.Temporality)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.IsMonotonic).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.ServiceName).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.ScopeName).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.ScopeVersion).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.AttributesJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = first.Select(p => p.ResourceAttributesJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Dictionary<string, CumulativeState>> LockStatesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projectId,
        string[] seriesKeys, CancellationToken ct)
    {
        var states = new Dictionary<string, CumulativeState>(StringComparer.Ordinal);
        if (seriesKeys.Length == 0)
        {
            return states;
        }

        await using var select = new NpgsqlCommand(
            "SELECT series_key, cumulative_state::text FROM otlp_metric_series WHERE project_id = $1 AND series_key = ANY($2) ORDER BY series_key FOR UPDATE",
            connection, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = projectId });
        select.Parameters.Add(new NpgsqlParameter { Value = seriesKeys });
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(1) && JsonSerializer.Deserialize<CumulativeState>(reader.GetString(1)) is { } state)
            {
                states[reader.GetString(0)] = state;
            }
        }

        return states;
    }

    private static async Task SaveStatesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projectId,
        Dictionary<string, CumulativeState> states, CancellationToken ct)
    {
        if (states.Count == 0)
        {
            return;
        }

        await using var update = new NpgsqlCommand(
            """
            UPDATE otlp_metric_series s SET cumulative_state = v.state
            FROM unnest($2::text[], $3::jsonb[]) AS v(series_key, state)
            WHERE s.project_id = $1 AND s.series_key = v.series_key
            """, connection, tx);
        update.Parameters.Add(new NpgsqlParameter { Value = projectId });
        update.Parameters.Add(new NpgsqlParameter { Value = states.Keys.ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = states.Values.Select(s => JsonSerializer.Serialize(s)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await update.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> CopyPointsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projectId, List<StoredPoint> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE incoming_metric_points (LIKE otlp_metric_points INCLUDING DEFAULTS) ON COMMIT DROP", connection, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY incoming_metric_points (project_id, series_key, instrument, time, start_unix_nano, time_unix_nano, restarted, value, count, sum, " +
            "min, max, bounds, bucket_counts, scale, zero_count, positive_offset, positive_counts, negative_offset, negative_counts) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in rows)
            {
                var v = row.Value;
                var histogram = v.Bounds.Length > 0 || v.BucketCounts.Length > 0;
                var exponential = v.PositiveCounts.Length > 0 || v.NegativeCounts.Length > 0 || v.ZeroCount > 0 || v.Scale != 0;
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(projectId, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.SeriesKey, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Instrument, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(DateTime.UnixEpoch.AddTicks(row.TimeUnixNano / 100), NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(row.StartUnixNano, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(row.TimeUnixNano, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(row.Restarted, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(importer, v.Number, ct);
                await importer.WriteAsync(v.Count, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(importer, v.Sum, ct);
                await WriteNullableAsync(importer, v.Min, ct);
                await WriteNullableAsync(importer, v.Max, ct);
                await WriteArrayAsync(importer, histogram ? v.Bounds : null, NpgsqlDbType.Double, ct);
                await WriteArrayAsync(importer, histogram ? v.BucketCounts : null, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync<int>(importer, exponential ? v.Scale : null, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync<long>(importer, exponential ? v.ZeroCount : null, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync<int>(importer, exponential ? v.PositiveOffset : null, NpgsqlDbType.Integer, ct);
                await WriteArrayAsync(importer, exponential ? v.PositiveCounts : null, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync<int>(importer, exponential ? v.NegativeOffset : null, NpgsqlDbType.Integer, ct);
                await WriteArrayAsync(importer, exponential ? v.NegativeCounts : null, NpgsqlDbType.Bigint, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await using var move = new NpgsqlCommand("INSERT INTO otlp_metric_points SELECT * FROM incoming_metric_points ON CONFLICT DO NOTHING", connection, tx);
        return await move.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken ct) =>
        value is { } number ? importer.WriteAsync(number, NpgsqlDbType.Double, ct) : importer.WriteNullAsync(ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct);

    private static Task WriteArrayAsync<T>(NpgsqlBinaryImporter importer, T[]? values, NpgsqlDbType elementType, CancellationToken ct) =>
        values is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(values, NpgsqlDbType.Array | elementType, ct);

    /// <summary>One row of <c>otlp_metric_points</c>: a delta (or a gauge level) over (start, time].</summary>
    private sealed record StoredPoint(string SeriesKey, string Instrument, long StartUnixNano, long TimeUnixNano, bool Restarted, MetricValue Value);
}
