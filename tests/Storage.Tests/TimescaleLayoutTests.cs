using Npgsql;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// The storage layout the migrations leave: hypertables with compression and retention policies on TimescaleDB, and
/// the same tables as plain PostgreSQL tables without it.
/// </summary>
public sealed class TimescaleLayoutTests
{
    private static readonly string[] Hypertables = ["log_events", "model_rollups", "model_rollups_daily", "model_rollups_hourly", "spans", "traces"];

    [Fact]
    public async Task On_TimescaleDB_spans_logs_traces_and_rollups_are_hypertables_with_compression_settings_and_retention()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var hasExtension = await db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')");
        Assert.Equal(TimescaleRun.IsOn, hasExtension);
        if (!TimescaleRun.IsOn)
        {
            // Plain PostgreSQL: the original span key, no partitioning; the same trace keys as on TimescaleDB.
            Assert.Equal("PRIMARY KEY (project_id, trace_id, span_id)",
                await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'spans_pkey'"));
            await AssertTraceKeysAsync(db);
            return;
        }

        Assert.Equal(Hypertables, await ListAsync(db,
            "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1"));
        Assert.Equal(["log_events:time_unix_nano", "model_rollups:bucket_start", "model_rollups_daily:bucket_start",
                      "model_rollups_hourly:bucket_start", "spans:start_time", "traces:start_time"], await ListAsync(db,
            "SELECT hypertable_name || ':' || column_name FROM timescaledb_information.dimensions ORDER BY 1"));

        // Compression: segment by project, newest first, on the four big tables.
        Assert.Equal(["log_events", "model_rollups", "spans", "traces"], await ListAsync(db,
            "SELECT hypertable_name FROM timescaledb_information.hypertables WHERE compression_enabled ORDER BY 1"));
        Assert.Equal(["log_events:project_id:segmentby", "log_events:time_unix_nano:orderby desc",
                      "model_rollups:bucket_start:orderby desc", "model_rollups:project_id:segmentby",
                      "spans:project_id:segmentby", "spans:start_time:orderby desc",
                      "traces:project_id:segmentby", "traces:start_time:orderby desc"], await ListAsync(db,
            """
            SELECT hypertable_name || ':' || attname || ':' ||
                   CASE WHEN segmentby_column_index IS NOT NULL THEN 'segmentby'
                        ELSE 'orderby' || CASE WHEN orderby_asc THEN ' asc' ELSE ' desc' END END
            FROM timescaledb_information.compression_settings ORDER BY 1
            """));

        // Policies: retention on every hypertable with the default settings; compression only when configured
        // (Retention:CompressAfter, see RetentionTests).
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"));
        Assert.Equal(["log_events:2592000000000000", "model_rollups:400 days", "model_rollups_daily:400 days",
                      "model_rollups_hourly:400 days", "spans:30 days", "traces:30 days"], await ListAsync(db,
            """
            SELECT hypertable_name || ':' || (config->>'drop_after')
            FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY 1
            """));

        // Unique keys now carry the time column; one row per trace is kept by the plain trace_keys table.
        Assert.Equal("PRIMARY KEY (project_id, trace_id, span_id, start_time)",
            await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'spans'::regclass AND contype = 'p'"));
        await AssertTraceKeysAsync(db);
    }

    /// <summary>traces is keyed by its time too (on both servers, one writer); trace_keys holds one row per trace.</summary>
    private static async Task AssertTraceKeysAsync(PostgresTestDatabase db)
    {
        Assert.Equal("PRIMARY KEY (project_id, trace_id, start_time)",
            await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'traces'::regclass AND contype = 'p'"));
        Assert.Equal("PRIMARY KEY (project_id, trace_id)",
            await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'trace_keys'::regclass AND contype = 'p'"));
    }

    private static async Task<List<string>> ListAsync(PostgresTestDatabase db, string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
