using Npgsql;
using Observatory.Storage.Retention;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// Retention on both servers: <see cref="RetentionEnforcer"/> drops expired chunks on TimescaleDB (and keeps the
/// policies equal to the settings) and deletes expired rows in batches on plain PostgreSQL.
/// </summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Each_kind_loses_exactly_what_is_older_than_its_own_retention()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var now = DateTime.UtcNow;
        // Per kind: ages that must go and ages that must stay under the defaults (30 days; rollups 400 days).
        await InsertSpansAsync(db, [now - 60 * Day, now - 45 * Day, now - 10 * Day, now - Day]);
        await InsertLogEventsAsync(db, [now - 60 * Day, now - 10 * Day, now]);
        // Traces: far enough apart that each expired one sits in its own 7-day chunk that is wholly expired.
        await InsertTracesAsync(db, [now - 60 * Day, now - 45 * Day, now - 10 * Day]);
        await InsertTraceKeyRollupsAsync(db, [now - 60 * Day, now - 45 * Day, now - 10 * Day]);
        foreach (var table in new[] { "model_rollups", "model_rollups_hourly", "model_rollups_daily" })
        {
            await InsertRollupsAsync(db, table, [now - 800 * Day, now - 10 * Day]);
        }

        await InsertMetricPointsAsync(db, [now - 800 * Day, now - 10 * Day]);
        await InsertAlertDeliveriesAsync(db, [now - 45 * Day, now - 31 * Day, now - 29 * Day]);
        await InsertScoresAsync(db, [now - 31 * Day, now - 29 * Day]);

        // Small batches: the plain-PostgreSQL path has to loop.
        var run = await new RetentionEnforcer(DataSource(db), new RetentionOptions { DeleteBatchSize = 1 }).RunAsync(CancellationToken.None);

        Assert.True(run.Ran);
        Assert.Equal(TimescaleRun.IsOn, run.TimescaleDb);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM spans"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM spans WHERE start_time < now() - interval '30 days'"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM log_events"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM traces"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_keys"));
        foreach (var table in new[] { "model_rollups", "model_rollups_hourly", "model_rollups_daily" })
        {
            Assert.Equal(1, await db.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }

        // What was removed, per kind: chunks on hypertables (one chunk per expired row here), rows elsewhere.
        Assert.Equal(2, run.Removed["spans"]);
        Assert.Equal(1, run.Removed["logs"]);
        Assert.Equal(2, run.Removed["traces"]);
        Assert.Equal(2, run.Removed["trace-keys"]);
        Assert.Equal(1, run.Removed["rollups-daily"]);
        Assert.Equal(1, run.Removed["metrics"]);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM otlp_metric_points"));
        Assert.Equal(2, run.Removed["alert-deliveries"]);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM alert_deliveries WHERE created_at > now() - interval '30 days'"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM alert_deliveries"));
        Assert.Equal(1, run.Removed["scores"]);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM scores WHERE time > now() - interval '30 days'"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM scores"));
        // The user/session day rollups go with the trace summaries (plain tables on both servers); what stays is the
        // 10-day-old day, its rollup row and its stale mark.
        Assert.Equal(2, run.Removed["trace-key-rollups"]);
        Assert.Equal(2, run.Removed["trace-key-rollup-days"]);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_daily"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_days WHERE day > now() - interval '11 days'"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_days"));
        // The hourly ones (0301) too.
        Assert.Equal(2, run.Removed["trace-key-rollups-hourly"]);
        Assert.Equal(2, run.Removed["trace-key-rollup-hours"]);
        Assert.Equal(2, run.Removed["trace-key-rollup-stale-hours"]);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_hourly"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_hours WHERE hour > now() - interval '11 days'"));
    }

    [Fact]
    public async Task A_shorter_setting_applies_at_once_and_replaces_the_TimescaleDB_policies()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var now = DateTime.UtcNow;
        await InsertSpansAsync(db, [now - 10 * Day, now - Day]);
        await InsertLogEventsAsync(db, [now - 10 * Day, now]);

        var options = new RetentionOptions { Spans = 5 * Day, Logs = 5 * Day, RollupsMinute = 90 * Day, CompressAfter = 3 * Day };
        var enforcer = new RetentionEnforcer(DataSource(db), options);
        await enforcer.RunAsync(CancellationToken.None);
        await enforcer.RunAsync(CancellationToken.None); // again: nothing left to remove, policies unchanged

        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM spans"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM log_events"));
        if (TimescaleRun.IsOn)
        {
            Assert.Equal("5 days", await db.ScalarAsync<string>(PolicySql("spans")));
            Assert.Equal("432000000000000", await db.ScalarAsync<string>(PolicySql("log_events")));
            Assert.Equal("90 days", await db.ScalarAsync<string>(PolicySql("model_rollups")));
            Assert.Equal("400 days", await db.ScalarAsync<string>(PolicySql("model_rollups_daily")));
            Assert.Equal(6, await db.ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"));
            Assert.Equal("log_events:259200000000000,model_rollups:3 days,spans:3 days,traces:3 days", await db.ScalarAsync<string>(
                """
                SELECT string_agg(hypertable_name || ':' || (config->>'compress_after'), ',' ORDER BY hypertable_name)
                FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'
                """));

            // Compression off again: the policies go.
            await new RetentionEnforcer(DataSource(db), new RetentionOptions()).RunAsync(CancellationToken.None);
            Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"));
        }
    }

    [Fact]
    public async Task Only_one_process_enforces_at_a_time()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await InsertSpansAsync(db, [DateTime.UtcNow - 60 * Day]);
        await using var other = new NpgsqlConnection(db.ConnectionString);
        await other.OpenAsync();
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('observatory-retention', 0))", other))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var enforcer = new RetentionEnforcer(DataSource(db), new RetentionOptions());
        Assert.False((await enforcer.RunAsync(CancellationToken.None)).Ran);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM spans"));

        // The other process is done. (Unlocking, not closing: a closed session's backend releases its locks a moment later.)
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('observatory-retention', 0))", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        Assert.True((await enforcer.RunAsync(CancellationToken.None)).Ran);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM spans"));
    }

    private static string PolicySql(string table) =>
        $"SELECT config->>'drop_after' FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = '{table}'";

    private static NpgsqlDataSource DataSource(PostgresTestDatabase db) => NpgsqlDataSource.Create(db.ConnectionString);

    private static async Task InsertSpansAsync(PostgresTestDatabase db, DateTime[] starts)
    {
        foreach (var (start, i) in starts.Select((s, i) => (s, i)))
        {
            await ExecuteAsync(db,
                """
                INSERT INTO spans (project_id, trace_id, span_id, name, kind, service_name, start_time, end_time, start_unix_nano,
                                   end_unix_nano, status, is_llm, attributes, resource_attributes, events)
                VALUES ('p', 't' || $2, 's', 'op', 1, 'svc', $1, $1, 0, 0, 0, false, '{}', '{}', '[]')
                """, start, i);
        }
    }

    private static async Task InsertLogEventsAsync(PostgresTestDatabase db, DateTime[] times)
    {
        foreach (var (time, i) in times.Select((t, i) => (t, i)))
        {
            await ExecuteAsync(db,
                """
                INSERT INTO log_events (project_id, trace_id, span_id, record_hash, time_unix_nano, severity_number, attributes)
                VALUES ('p', 't', 's', 'h' || $2, (extract(epoch FROM $1::timestamptz) * 1000000000)::bigint, 9, '{}')
                """, time, i);
        }
    }

    private static async Task InsertMetricPointsAsync(PostgresTestDatabase db, DateTime[] times)
    {
        foreach (var time in times)
        {
            await ExecuteAsync(db,
                """
                INSERT INTO otlp_metric_points (project_id, series_key, instrument, time, start_unix_nano, time_unix_nano, value)
                VALUES ('p', 'k', 'gen_ai.client.inference.tokens', $1, 0, (extract(epoch FROM $1::timestamptz) * 1000000000)::bigint, 1)
                """, time);
        }
    }

    private static async Task InsertAlertDeliveriesAsync(PostgresTestDatabase db, DateTime[] times)
    {
        foreach (var time in times)
        {
            await ExecuteAsync(db,
                """
                INSERT INTO alert_deliveries (project_id, alert_id, webhook_id, event, firing, delivered, attempts, body, created_at)
                VALUES ('p', 'alt_1', 'whk_1', 'firing', 1, true, '[]', '{}', $1)
                """, time);
        }
    }

    private static async Task InsertScoresAsync(PostgresTestDatabase db, DateTime[] times)
    {
        foreach (var (time, i) in times.Select((t, i) => (t, i)))
        {
            await ExecuteAsync(db,
                """
                INSERT INTO scores (project_id, score_id, trace_id, span_id, name, value, kind, source, time)
                VALUES ('p', 'sc' || $2, 't', 's', 'accuracy', 1, 'numeric', 'api', $1)
                """, time, i);
        }
    }

    private static async Task InsertTracesAsync(PostgresTestDatabase db, DateTime[] starts)
    {
        foreach (var (start, i) in starts.Select((e, i) => (e, i)))
        {
            await ExecuteAsync(db,
                """
                INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                    span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models)
                VALUES ('p', 't' || $2, 'svc', 'op', true, $1, $1, 0, 1, 0, 0, 0, 0, 0, '{}')
                """, start, i);
            await ExecuteAsync(db, "INSERT INTO trace_keys (project_id, trace_id, start_time) VALUES ('p', 't' || $2, $1)", start, i);
        }
    }

    private static async Task InsertTraceKeyRollupsAsync(PostgresTestDatabase db, DateTime[] times)
    {
        foreach (var time in times)
        {
            await ExecuteAsync(db, "INSERT INTO trace_key_rollup_days (project_id, day) VALUES ('p', trace_key_rollup_day($1))", time);
            await ExecuteAsync(db,
                """
                INSERT INTO trace_key_rollups_daily (project_id, day, dimension, key, cost_usd, requests, input_tokens, output_tokens)
                VALUES ('p', trace_key_rollup_day($1), 'user', 'u', 1, 1, 1, 1)
                """, time);
            await ExecuteAsync(db, "INSERT INTO trace_key_rollup_stale (project_id, day) VALUES ('p', trace_key_rollup_day($1))", time);
            await ExecuteAsync(db, "INSERT INTO trace_key_rollup_hours (project_id, hour) VALUES ('p', date_trunc('hour', $1, 'UTC'))", time);
            await ExecuteAsync(db,
                """
                INSERT INTO trace_key_rollups_hourly (project_id, hour, dimension, key, cost_usd, requests, input_tokens, output_tokens)
                VALUES ('p', date_trunc('hour', $1, 'UTC'), 'session', 's', 1, 1, 1, 1)
                """, time);
            await ExecuteAsync(db, "INSERT INTO trace_key_rollup_stale_hours (project_id, hour) VALUES ('p', date_trunc('hour', $1, 'UTC'))", time);
        }
    }

    private static async Task InsertRollupsAsync(PostgresTestDatabase db, string table, DateTime[] buckets)
    {
        foreach (var bucket in buckets)
        {
            await ExecuteAsync(db,
                $"""
                INSERT INTO {table} (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                                     calls_without_usage, input_tokens, output_tokens, cost_usd, latency_sketch)
                VALUES ('p', 'openai', 'gpt', 'svc', date_trunc('day', $1::timestamptz), 1, 0, 0, 0, 0, 0, '\x00')
                """, bucket);
        }
    }

    private static async Task ExecuteAsync(PostgresTestDatabase db, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        await cmd.ExecuteNonQueryAsync();
    }
}
