using Npgsql;
using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Core.Spans;
using Observatory.Storage.Rollups;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// Hourly and daily rollups folded from stored minutes: by the one-time migration for data written before they existed,
/// and by <see cref="RollupCoarsening"/> for minutes written straight into the table (the benchmark seeder).
/// </summary>
public sealed class CoarseRollupTests
{
    private static readonly DateTime Day = new(2025, 6, 10, 0, 0, 0, DateTimeKind.Utc);

    // (project, service, minute, calls, cost per call, latency ms): two hours of one day, the next day, another project.
    private static readonly (string Project, string Service, DateTime Minute, int Calls, decimal Cost, double LatencyMs)[] Minutes =
    [
        ("a", "chat", Day.AddHours(10), 3, 0.001m, 100),
        ("a", "chat", Day.AddHours(10).AddMinutes(59), 2, 0.002m, 400),
        ("a", "chat", Day.AddHours(11).AddMinutes(1), 4, 0.0005m, 900),
        ("a", "batch", Day.AddHours(10).AddMinutes(5), 1, 0.3m, 5000),
        ("a", "chat", Day.AddDays(1).AddHours(3), 7, 0.01m, 250),
        ("b", "chat", Day.AddHours(10), 11, 1m, 50),
    ];

    [Fact]
    public async Task The_migration_folds_minutes_stored_before_coarse_rollups_existed()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await InsertMinutesAsync(db);

        // As if the database came from a version without coarse rollups: the backfill has not run yet.
        Assert.Equal(1, await db.ScalarAsync<int>("DELETE FROM schemaversions WHERE scriptname = $1 RETURNING 1", CoarseRollupBackfill.Name));
        var applied = DatabaseMigrator.Migrate(db.ConnectionString);

        Assert.Equal([CoarseRollupBackfill.Name], applied);
        await AssertFoldedAsync(db, "a");
        await AssertFoldedAsync(db, "b");
    }

    [Fact]
    public async Task A_rebuild_writes_absolute_values_for_one_project_and_range()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await InsertMinutesAsync(db);

        await RebuildAsync(db, "a", Day.AddHours(10).AddMinutes(30), Day.AddHours(11));
        await RebuildAsync(db, "a", Day.AddHours(10).AddMinutes(30), Day.AddHours(11)); // again: replaced, not doubled

        // The range widens to whole days, so every hour of 10 June is complete; 11 June and project b are untouched.
        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM model_rollups_hourly"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM model_rollups_daily"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM model_rollups_daily WHERE project_id = 'b' OR bucket_start > $1", Day));
        Assert.Equal(0.001m * 3 + 0.002m * 2, await db.ScalarAsync<decimal>(
            "SELECT cost_usd FROM model_rollups_hourly WHERE project_id = 'a' AND bucket_start = $1 AND service_name = 'chat'", Day.AddHours(10)));

        await RebuildAsync(db, null, null, null);
        await AssertFoldedAsync(db, "a");
        await AssertFoldedAsync(db, "b");
    }

    private static async Task RebuildAsync(PostgresTestDatabase db, string? project, DateTime? from, DateTime? to)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await RollupCoarsening.RebuildAsync(connection, null, project, from, to, CancellationToken.None);
    }

    private static async Task InsertMinutesAsync(PostgresTestDatabase db)
    {
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new RollupStore(dataSource);
        foreach (var m in Minutes)
        {
            await store.UpsertAsync(m.Project, "openai", "gpt-4o", [new RollupBucket(RollupResolution.Minute, m.Service, UnixNano.FromDateTime(m.Minute), Usage(m.Calls, m.Cost, m.LatencyMs))], CancellationToken.None);
        }
    }

    private static ModelUsage Usage(int calls, decimal costPerCall, double latencyMs)
    {
        var latency = new LatencySketch();
        for (var i = 0; i < calls; i++)
        {
            latency.Add(latencyMs);
        }

        return ModelUsage.Restore(new ModelUsageCounters(calls, 1, 0, 100L * calls, 10L * calls, 5, 0, 2, costPerCall * calls), latency, null);
    }

    /// <summary>Every hour and day of the project holds exactly the sum of its minutes, sketch included.</summary>
    private static async Task AssertFoldedAsync(PostgresTestDatabase db, string project)
    {
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new RollupStore(dataSource);
        foreach (var resolution in new[] { RollupResolution.Hour, RollupResolution.Day })
        {
            var expected = Minutes.Where(m => m.Project == project)
                .GroupBy(m => (m.Service, Start: resolution.StartOf(UnixNano.FromDateTime(m.Minute))))
                .ToList();
            var count = await db.ScalarAsync<long>($"SELECT count(*) FROM {RollupTables.Name(resolution)} WHERE project_id = $1", project);
            Assert.Equal(expected.Count, count);
            foreach (var group in expected)
            {
                var row = await store.LoadAsync(project, "openai", "gpt-4o", resolution, group.Key.Service, group.Key.Start, CancellationToken.None);
                Assert.NotNull(row);
                var calls = group.Sum(m => m.Calls);
                Assert.Equal(calls, row.Usage.RequestCount);
                Assert.Equal(group.Count(), row.Usage.ErrorCount);
                Assert.Equal(100L * calls, row.Usage.InputTokens);
                Assert.Equal(5 * group.Count(), row.Usage.CacheReadTokens);
                Assert.Equal(group.Sum(m => m.Cost * m.Calls), row.Usage.CostUsd);
                Assert.Equal(calls, row.Usage.Latency.Count);
                Assert.Equal(group.Max(m => m.LatencyMs), row.Usage.Latency.Quantile(1)!.Value, 0.01 * group.Max(m => m.LatencyMs));
            }
        }
    }
}
