using Npgsql;
using Observatory.Storage.Derived;
using Observatory.TestSupport;
using Xunit.Abstractions;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>"Exact under failure", checked: every acknowledged span stored once, every derived number recomputable.</summary>
internal static class ExactnessAudit
{
    public static async Task AssertExactAsync(PostgresTestDatabase database, RetryingExporter exporter, ITestOutputHelper output)
    {
        // Every acknowledged span is stored, and nothing else is.
        var acknowledged = exporter.Acknowledged;
        var stored = await StoredSpanKeysAsync(database.ConnectionString);
        Assert.Empty(acknowledged.Where(k => !stored.Contains(k)).Take(5));
        Assert.Equal(acknowledged.Count, stored.Count);

        // Every trace summary and every rollup bucket equals a recomputation from the stored spans.
        await using var sql = NpgsqlDataSource.Create(database.ConnectionString);
        var report = await DerivedDataAudit.RunAsync(sql, project: null, CancellationToken.None);
        output.WriteLine($"audit: {report.Spans} spans, {report.Traces} traces, {report.RollupBuckets} rollup buckets, {report.Differences.Count} differences");
        Assert.True(report.Differences.Count == 0, string.Join('\n', report.Differences.Take(20)));
        Assert.Equal(acknowledged.Count, report.Spans);
    }

    private static async Task<HashSet<(string TraceId, string SpanId)>> StoredSpanKeysAsync(string connectionString)
    {
        var keys = new HashSet<(string, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT trace_id, span_id FROM spans", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add((reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }
}
