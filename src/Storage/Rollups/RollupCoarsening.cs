using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>
/// Rebuilds hourly and daily rollups from the stored minutes: for rows that were written straight into
/// <c>model_rollups</c> (the one-time migration of existing data, the benchmark seeder). Every rebuilt hour and day gets
/// the absolute sum of all its minutes, so the range is widened to whole UTC days. Not while spans are ingested into the
/// range: it takes no series locks (see <c>RollupLedger</c> (Storage.Writers)), so a concurrent ingest's update could be overwritten.
/// </summary>
public static class RollupCoarsening
{
    private static readonly RollupResolution[] Coarse = [RollupResolution.Hour, RollupResolution.Day];

    /// <summary>Rebuilds the project's (or every project's) hours and days that overlap [from, to) (or all); returns rows written.</summary>
    public static async Task<long> RebuildAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string? project, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var buckets = new Dictionary<(RollupResolution Resolution, string Project, string Provider, string Model, string Service, long Start), ModelUsage>();
        await using (var read = new NpgsqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = 0 })
        {
            var where = new List<string>();
            if (project is not null)
            {
                where.Add("project_id = @project");
                read.Parameters.AddWithValue("project", project);
            }

            if (from is { } f)
            {
                where.Add("bucket_start >= @from");
                read.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, DayStart(f));
            }

            if (to is { } t)
            {
                where.Add("bucket_start < @to");
                read.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(RollupResolution.Day.CeilingOf(UnixNano.FromDateTime(t))));
            }

            read.CommandText =
                "SELECT project_id, provider, model, service_name, bucket_start, request_count, error_count, calls_without_usage, " +
                "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, latency_sketch, ttft_sketch " +
                "FROM model_rollups" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where));
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var minute = RollupStore.ReadUsage(reader, 5);
                var start = UnixNano.FromDateTime(reader.GetDateTime(4));
                foreach (var resolution in Coarse)
                {
                    var key = (resolution, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), resolution.StartOf(start));
                    if (!buckets.TryGetValue(key, out var usage))
                    {
                        buckets[key] = usage = new ModelUsage();
                    }

                    usage.Merge(minute);
                }
            }
        }

        foreach (var resolution in Coarse)
        {
            await WriteAsync(connection, transaction, resolution, buckets.Where(b => b.Key.Resolution == resolution), ct);
        }

        return buckets.Count;
    }

    private static async Task WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        RollupResolution resolution,
        IEnumerable<KeyValuePair<(RollupResolution, string Project, string Provider, string Model, string Service, long Start), ModelUsage>> rows,
        CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS coarse_rollups_incoming (LIKE model_rollups INCLUDING DEFAULTS); TRUNCATE coarse_rollups_incoming",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(RollupCopyFormat.CopyCommand("coarse_rollups_incoming"), ct))
        {
            foreach (var (key, usage) in rows)
            {
                await RollupCopyFormat.WriteRowAsync(importer, key.Project, key.Provider, key.Model, key.Service, key.Start, usage, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await using var upsert = new NpgsqlCommand(
            $"""
            INSERT INTO {RollupTables.Name(resolution)} ({RollupTables.Columns})
            SELECT {RollupTables.Columns} FROM coarse_rollups_incoming
            ON CONFLICT (project_id, provider, model, service_name, bucket_start) DO UPDATE SET {RollupStore.UpdateFromExcluded};
            DROP TABLE coarse_rollups_incoming;
            """,
            connection,
            transaction)
        { CommandTimeout = 0 };
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static DateTime DayStart(DateTime time) => UnixNano.ToDateTime(RollupResolution.Day.StartOf(UnixNano.FromDateTime(time)));
}
