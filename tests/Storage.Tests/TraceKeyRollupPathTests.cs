using Npgsql;
using Observatory.Storage.Analytics;
using Observatory.Storage.Derived;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// Cost attribution by user and session reads the daily trace-key rollups for whole past days and the trace summaries
/// for the rest (<c>0290_trace_key_rollups.sql</c>); it must answer exactly as the plain grouping of every trace: over
/// aligned and unaligned ranges, ranges reaching into today, after late inserts, re-costs, moved start times and
/// deletes in days already rolled up, and while a writer holds a day's traces in an open transaction.
/// </summary>
public sealed class TraceKeyRollupPathTests
{
    private const string Project = "p";

    [Fact]
    public async Task Attribution_from_the_rollups_equals_the_plain_grouping()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);

        var compared = await CompareAsync(dataSource);

        Assert.True(compared > 500, $"only {compared} rows compared");
        // The shortcut was taken: every whole day that ended over an hour ago is rolled up, today is not.
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_days WHERE project_id = 'p'") >= 8);
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM trace_key_rollup_days WHERE day + interval '25 hours' > now()"));
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_daily WHERE dimension = 'session'") > 100);

        // The audit (verify-derived) finds the ready days equal to their traces, and finds a changed and a lost row.
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));
        await ExecuteAsync(db,
            """
            UPDATE trace_key_rollups_daily SET cost_usd = cost_usd + 0.000000000001
            WHERE ctid = (SELECT ctid FROM trace_key_rollups_daily WHERE dimension = 'user' AND key IS NOT NULL LIMIT 1);
            DELETE FROM trace_key_rollups_daily WHERE ctid = (SELECT ctid FROM trace_key_rollups_daily WHERE dimension = 'session' LIMIT 1);
            """);
        Assert.Equal(2, (await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Late_writes_to_a_rolled_up_day_mark_it_stale_and_the_answer_stays_exact()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await CompareAsync(dataSource);
        var ready = await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_days");

        // A re-cost and a new user on day -3, a late trace into day -5, a start time moved from day -4 into day -6,
        // a trace of day -7 deleted; none of it touches live (the last half hour) rows.
        await ExecuteAsync(db,
            """
            UPDATE traces SET cost_usd = cost_usd * 3 + 1, user_id = 'late-user' WHERE project_id = 'p'
              AND trace_id IN (SELECT trace_id FROM traces WHERE project_id = 'p' AND start_time >= date_trunc('day', now(), 'UTC') - interval '3 days'
                               AND start_time < date_trunc('day', now(), 'UTC') - interval '2 days' ORDER BY trace_id LIMIT 5);
            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
            VALUES ('p', 'late-trace', 'svc', 'root', true, date_trunc('day', now(), 'UTC') - interval '5 days' + interval '3 hours',
                    date_trunc('day', now(), 'UTC') - interval '5 days' + interval '3 hours', 1, 1, 7, 0, 70, 30, 123.456, '{}', 'user-1', 'late-session');
            -- Moved the writer's way (TimescaleDB cannot move a row to another chunk): deleted, then inserted again.
            CREATE TEMP TABLE moved AS SELECT * FROM traces WHERE project_id = 'p'
              AND trace_id = (SELECT trace_id FROM traces WHERE project_id = 'p' AND start_time >= date_trunc('day', now(), 'UTC') - interval '4 days'
                              AND start_time < date_trunc('day', now(), 'UTC') - interval '3 days' ORDER BY trace_id LIMIT 1);
            DELETE FROM traces t USING moved m WHERE t.project_id = m.project_id AND t.trace_id = m.trace_id;
            UPDATE moved SET start_time = start_time - interval '2 days', end_time = end_time - interval '2 days';
            INSERT INTO traces SELECT * FROM moved;
            DELETE FROM traces WHERE project_id = 'p'
              AND trace_id = (SELECT trace_id FROM traces WHERE project_id = 'p' AND start_time >= date_trunc('day', now(), 'UTC') - interval '7 days'
                              AND start_time < date_trunc('day', now(), 'UTC') - interval '6 days' ORDER BY trace_id LIMIT 1);
            """);
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT count(DISTINCT day) FROM trace_key_rollup_stale"));
        // Stale days are neither read nor audited.
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, "p", CancellationToken.None));

        await CompareAsync(dataSource);

        // Rebuilt: nothing stale is left, and the days are ready again.
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale"));
        Assert.Equal(ready, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_days"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_daily WHERE key = 'late-session'"));
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_day_a_writer_holds_open_is_grouped_from_the_traces_and_rolled_up_after_it_commits()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await CompareAsync(dataSource);

        // A committed re-cost makes day -3 stale; then a writer changes it again and stays open: its trigger holds the
        // day's lock, so a read cannot rebuild the day and groups its committed traces instead.
        await ExecuteAsync(db, DayThree("UPDATE traces SET cost_usd = cost_usd + 1 WHERE project_id = 'p' AND {0}"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale"));
        await using var writer = new NpgsqlConnection(db.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand(
            DayThree("UPDATE traces SET cost_usd = cost_usd + 1000, session_id = 'held' WHERE project_id = 'p' AND {0}"), writer, transaction))
        {
            Assert.True(await update.ExecuteNonQueryAsync() > 10);
        }

        await CompareAsync(dataSource);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_daily WHERE key = 'held'"));

        await transaction.CommitAsync();
        await CompareAsync(dataSource);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_daily WHERE key = 'held'"));
    }

    [Fact]
    public async Task Top_sessions_from_each_days_costliest_rows_equal_the_plain_grouping()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        // A session on every one of the last 9 days, cheap on most days but among the costliest in total; two sessions
        // of one day with the same cost and calls (a tie broken by key); a session on a rolled-up day and today (raw),
        // with its big part today; one with a row of day -4 and an hour of day -6; one expensive session in an hour.
        await ExecuteAsync(db,
            """
            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
            SELECT 'p', 'extra-' || n, 'svc', 'root', true, st, st, 1, 1, 1, 0, 10, 10, c, '{}', 'user-x', s
            FROM (VALUES
                  (1, date_trunc('day', now(), 'UTC') - interval '9 days' + interval '1 hour', 0.3::numeric, 'long-session'),
                  (2, date_trunc('day', now(), 'UTC') - interval '8 days' + interval '1 hour', 0.3, 'long-session'),
                  (3, date_trunc('day', now(), 'UTC') - interval '7 days' + interval '1 hour', 0.3, 'long-session'),
                  (4, date_trunc('day', now(), 'UTC') - interval '6 days' + interval '1 hour', 0.3, 'long-session'),
                  (5, date_trunc('day', now(), 'UTC') - interval '5 days' + interval '1 hour', 0.3, 'long-session'),
                  (6, date_trunc('day', now(), 'UTC') - interval '4 days' + interval '1 hour', 0.3, 'long-session'),
                  (7, date_trunc('day', now(), 'UTC') - interval '3 days' + interval '1 hour', 0.3, 'long-session'),
                  (8, date_trunc('day', now(), 'UTC') - interval '2 days' + interval '1 hour', 0.3, 'long-session'),
                  (9, date_trunc('day', now(), 'UTC') - interval '1 days' + interval '1 hour', 0.3, 'long-session'),
                  (10, date_trunc('day', now(), 'UTC') - interval '4 days' + interval '2 hours', 0.9, 'tie-b'),
                  (11, date_trunc('day', now(), 'UTC') - interval '4 days' + interval '3 hours', 0.9, 'tie-a'),
                  (12, date_trunc('day', now(), 'UTC') - interval '2 days' + interval '23 hours', 0.05, 'into-today'),
                  (13, now() - interval '1 minute', 5.0, 'into-today'),
                  (14, date_trunc('day', now(), 'UTC') - interval '6 days' + interval '10 hours 30 minutes', 0.4, 'hour-and-day'),
                  (15, date_trunc('day', now(), 'UTC') - interval '4 days' + interval '10 hours', 0.4, 'hour-and-day'),
                  (16, date_trunc('day', now(), 'UTC') - interval '2 days' + interval '5 hours', 9.0, 'big-hour')) AS v(n, st, c, s);
            """);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var rolled = new CostQueries(dataSource);

        await CompareAsync(dataSource, rolled);

        Assert.True(rolled.SessionTopNAnswers > 10, $"the top-N path answered {rolled.SessionTopNAnswers} times");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_multiday_sessions WHERE key = 'long-session'"));
        // Rows of day -4 and hours of day -6 (the unaligned range starts there): listed too. One day's rows and hours: not.
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_multiday_sessions WHERE key = 'hour-and-day'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_multiday_sessions WHERE key = 'big-hour'"));
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_hourly WHERE key = 'big-hour'") == 1);
        var top = await rolled.AttributeAsync(Project, AnalyticsDimension.Session, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow, 3, CancellationToken.None);
        Assert.Contains(top.Rows, r => r.Key == "into-today");
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));

        // A late trace of a one-day session into another rolled-up day: that day is rebuilt and lists the key.
        await ExecuteAsync(db,
            """
            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
            VALUES ('p', 'late-tie', 'svc', 'root', true, date_trunc('day', now(), 'UTC') - interval '6 days' + interval '5 hours',
                    date_trunc('day', now(), 'UTC') - interval '6 days' + interval '5 hours', 1, 1, 1, 0, 1, 1, 0.5, '{}', 'user-x', 'tie-a');
            """);
        await CompareAsync(dataSource, rolled);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_multiday_sessions WHERE key = 'tie-a'"));
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));

        // The audit finds an unlisted multi-day key and a wrong day total.
        await ExecuteAsync(db,
            """
            DELETE FROM trace_key_multiday_sessions WHERE key = 'long-session';
            UPDATE trace_key_rollup_days SET cost_usd = cost_usd + 1 WHERE day = (SELECT min(day) FROM trace_key_rollup_days);
            """);
        var differences = await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None);
        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, d => d.Contains("long-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hours_outside_whole_days_come_from_hourly_rollups_kept_exact_under_late_writes()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await CompareAsync(dataSource);

        // The partial days at the ranges' edges were rolled up by the hour (the unaligned range starts at day -6, 05:30).
        var sixDaysAgo = "date_trunc('day', now(), 'UTC') - interval '6 days'";
        Assert.True(await db.ScalarAsync<long>($"SELECT count(*) FROM trace_key_rollup_hours WHERE hour >= {sixDaysAgo} + interval '6 hours' AND hour < {sixDaysAgo} + interval '1 day'") >= 18);
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_hourly WHERE dimension = 'session' AND key IS NOT NULL") > 100);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_hours WHERE hour + interval '2 hours' > now()"));
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));

        // Late writes into rolled-up hours: a re-cost at day -6, 08:xx, and a new trace at day -6, 10:10.
        await ExecuteAsync(db,
            $$"""
            UPDATE traces SET cost_usd = cost_usd + 2, session_id = 'recosted' WHERE project_id = 'p'
              AND start_time >= {{sixDaysAgo}} + interval '8 hours' AND start_time < {{sixDaysAgo}} + interval '9 hours';
            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
            VALUES ('p', 'late-hour', 'svc', 'root', true, {{sixDaysAgo}} + interval '10 hours 10 minutes',
                    {{sixDaysAgo}} + interval '10 hours 10 minutes', 1, 1, 2, 0, 5, 5, 3.25, '{}', 'late-user', 'late-hour-session');
            """);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale_hours"));

        await CompareAsync(dataSource);

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollup_stale_hours"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trace_key_rollups_hourly WHERE key = 'late-hour-session'"));
        Assert.Empty(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));

        // The audit finds a changed hourly row.
        await ExecuteAsync(db,
            """
            UPDATE trace_key_rollups_hourly SET requests = requests + 1
            WHERE ctid = (SELECT ctid FROM trace_key_rollups_hourly WHERE dimension = 'user' AND key IS NOT NULL LIMIT 1);
            """);
        Assert.Single(await DerivedDataAudit.TraceKeyRollupDifferencesAsync(dataSource, null, CancellationToken.None));
    }

    private static string DayThree(string sql) => string.Format(
        System.Globalization.CultureInfo.InvariantCulture, sql,
        "start_time >= date_trunc('day', now(), 'UTC') - interval '3 days' AND start_time < date_trunc('day', now(), 'UTC') - interval '2 days'");

    /// <summary>Both paths over several ranges, both dimensions and several limits; returns the rows compared.</summary>
    private static async Task<int> CompareAsync(NpgsqlDataSource dataSource, CostQueries? rolledQueries = null)
    {
        var rolled = rolledQueries ?? new CostQueries(dataSource);
        var plain = new CostQueries(dataSource) { TraceKeyRollupShortcut = false };
        var now = DateTime.UtcNow;
        var today = now.Date;
        var ranges = new[]
        {
            (now.AddDays(-30), now),                                  // the dashboard's 30 days: partial edges, today raw
            (today.AddDays(-9), today.AddDays(-1)),                   // whole past days only
            (today.AddDays(-6).AddHours(5.5), today.AddDays(-2).AddHours(13)), // unaligned at both ends
            (today.AddDays(-3).AddHours(2), today.AddDays(-3).AddHours(20)),   // inside one day: plain
            (today.AddDays(-1), now.AddMinutes(1)),                   // yesterday (may be too recent to roll up) and today
        };
        var compared = 0;
        foreach (var (from, to) in ranges)
        {
            foreach (var dimension in new[] { AnalyticsDimension.User, AnalyticsDimension.Session })
            {
                foreach (var limit in new[] { 1, 6, 50, 1000 })
                {
                    var expected = await plain.AttributeAsync(Project, dimension, from, to, limit, CancellationToken.None);
                    var actual = await rolled.AttributeAsync(Project, dimension, from, to, limit, CancellationToken.None);
                    Assert.Equal(expected.TotalCostUsd, actual.TotalCostUsd);
                    Assert.Equal(expected.Rows, actual.Rows);
                    compared += expected.Rows.Count;
                }
            }
        }

        return compared;
    }

    /// <summary>
    /// 4000 traces over the last 10 days (one every ~3.6 minutes, so every day is covered), 30 users (skewed), sessions of
    /// 3 consecutive traces of a user, every 13th trace without user or session; costs with 12 decimals. The other
    /// project holds the same keys.
    /// </summary>
    private static async Task SeedAsync(PostgresTestDatabase db) => await ExecuteAsync(db,
        """
        INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                            span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
        SELECT p, md5(p || i), 'svc', 'root', true, st, st + interval '2 seconds', 2000, 3, i % 5, 0, i * 7, i * 3,
               round(i * 0.000123456789 + (i % 7) * 0.01, 12), '{}', u, CASE WHEN u IS NULL THEN NULL ELSE u || '-s' || (i / 3) END
        FROM generate_series(0, 3999) i, (VALUES ('p'), ('other')) AS projects(p),
             LATERAL (SELECT now() - interval '10 days' + i * interval '216 seconds' AS st,
                             CASE WHEN i % 13 = 0 THEN NULL ELSE 'user-' || ((i * i) % 30) END AS u) x;
        ANALYZE traces;
        """);

    private static async Task ExecuteAsync(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
