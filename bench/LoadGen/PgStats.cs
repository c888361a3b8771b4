using Npgsql;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// PostgreSQL's own counters for the product's database over the measured window: transactions, rows inserted and
/// fetched, and index scans on spans. Queries per accepted span show what the product asks of the database besides
/// the COPY (for example one read per newly seen trace).
/// </summary>
internal static class PgStats
{
    public sealed record Snapshot(long Commits, long Rollbacks, long Inserted, long Fetched, long Returned, long SpansIdxScans, long SpansSeqScans, long Backends);

    public static async Task<Snapshot?> TakeAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (connectionString is null)
        {
            return null;
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand(
                """
                SELECT d.xact_commit, d.xact_rollback, d.tup_inserted, d.tup_fetched, d.tup_returned,
                       coalesce(t.idx_scan, 0), coalesce(t.seq_scan, 0),
                       (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = current_database())
                FROM pg_stat_database d
                LEFT JOIN pg_stat_user_tables t ON t.relname = 'spans' AND t.schemaname = current_schema()
                WHERE d.datname = current_database()
                """, connection);
            // Stats are cached per transaction; this is a fresh connection and a single statement.
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new Snapshot(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"note: PostgreSQL statistics unavailable: {ex.Message}");
            return null;
        }
    }

    public static PgWindow? Diff(Snapshot? start, Snapshot? end, long acceptedSpans, long acceptedRequests) =>
        start is null || end is null
            ? null
            : new PgWindow(
                end.Commits - start.Commits,
                end.Rollbacks - start.Rollbacks,
                end.Inserted - start.Inserted,
                end.Fetched - start.Fetched,
                end.SpansIdxScans - start.SpansIdxScans,
                end.Backends,
                acceptedRequests > 0 ? Math.Round((end.Commits - start.Commits) / (double)acceptedRequests, 2) : 0,
                acceptedRequests > 0 ? Math.Round((end.SpansIdxScans - start.SpansIdxScans) / (double)acceptedRequests, 2) : 0,
                acceptedSpans > 0 ? Math.Round((end.Inserted - start.Inserted) / (double)acceptedSpans, 2) : 0);
}

/// <summary>Counter deltas over the load window (pg_stat counters lag by up to ~0.5 s).</summary>
internal sealed record PgWindow(long Commits, long Rollbacks, long RowsInserted, long RowsFetched, long SpansIndexScans, long BackendsAtEnd,
    double CommitsPerRequest, double SpansIndexScansPerRequest, double RowsInsertedPerSpan);
