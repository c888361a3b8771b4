using Npgsql;
using Observatory.Storage.Analytics;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// The first page of the session and user lists walks the range's traces newest end first and sums only the keys it
/// met; it must give exactly the page the plain grouping of every trace gives, whatever the limit, with ties on the
/// newest end, traces that end long after they start, traces just outside the range, a user filter and another project.
/// </summary>
public sealed class ActivityListPathTests
{
    private const string Project = "p";

    [Fact]
    public async Task The_walked_first_page_is_the_page_of_the_plain_grouping()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var walked = new ActivityQueries(dataSource);
        var plain = new ActivityQueries(dataSource) { WalkShortcut = false };
        var now = DateTime.UtcNow;
        var ranges = new[] { (now.AddDays(-30), now.AddMinutes(1)), (now.AddHours(-20), now.AddHours(-5)) };

        var compared = 0;
        foreach (var (from, to) in ranges)
        {
            foreach (var dimension in new[] { AnalyticsDimension.Session, AnalyticsDimension.User })
            {
                foreach (var user in dimension == AnalyticsDimension.Session ? new[] { null, "user-4" } : new string?[] { null })
                {
                    foreach (var limit in new[] { 1, 3, 7, 50, 1000 })
                    {
                        var expected = await plain.ListAsync(Project, dimension, from, to, user, null, limit, null, CancellationToken.None);
                        var actual = await walked.ListAsync(Project, dimension, from, to, user, null, limit, null, CancellationToken.None);
                        Assert.NotEmpty(expected.Rows);
                        Assert.Equal(expected.Rows, actual.Rows);
                        Assert.Equal(expected.Next, actual.Next);
                        compared += expected.Rows.Count;
                    }
                }
            }
        }

        Assert.True(compared > 1000, $"only {compared} rows compared");
    }

    [Fact]
    public async Task A_range_without_traces_lists_nothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var page = await new ActivityQueries(dataSource).ListAsync(
            Project, AnalyticsDimension.User, DateTime.UtcNow.AddYears(-3), DateTime.UtcNow.AddYears(-2), null, null, 50, null, CancellationToken.None);
        Assert.Empty(page.Rows);
        Assert.Null(page.Next);
    }

    /// <summary>
    /// 3000 traces a minute apart over 50 hours: 40 users (skewed), sessions of 4 consecutive traces of a user, every
    /// 17th trace without a user or session, every 11th ending at the same instant as its neighbour (ties on the newest
    /// end), every 97th lasting 20 hours (its end is newer than thousands of later traces). The other project holds the
    /// same keys, newer.
    /// </summary>
    private static async Task SeedAsync(PostgresTestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            CREATE TEMP TABLE seed AS
            SELECT p AS project_id, i, md5(p || i) AS trace_id,
                   date_trunc('second', now()) - interval '50 hours' + i * interval '1 minute' + CASE WHEN p = 'other' THEN interval '2 hours' ELSE interval '0' END AS start_time,
                   CASE WHEN i % 17 = 0 THEN NULL ELSE 'user-' || ((i * i) % 40) END AS user_id
            FROM generate_series(0, 2999) i, (VALUES ('p'), ('other')) AS projects(p);

            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
            SELECT project_id, trace_id, 'svc', 'root', true, start_time,
                   CASE WHEN i % 97 = 0 THEN start_time + interval '20 hours'
                        WHEN i % 11 = 0 THEN start_time + interval '2 minutes'
                        ELSE start_time + (i % 7) * interval '1 second' END,
                   1000, 3, i % 4, i % 5 / 4, i * 10, i * 3, i * 0.0001, '{}', user_id,
                   CASE WHEN user_id IS NULL THEN NULL ELSE user_id || '-s' || (i / 4) END
            FROM seed;
            ANALYZE traces;
            """, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
