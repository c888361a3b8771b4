using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Traces;
using Observatory.Storage.Analytics;

namespace Observatory.Storage.Traces;

/// <summary>Reads the stored summaries of given traces (the live streams publish them after each commit).</summary>
public sealed class TraceSummaryLookup(NpgsqlDataSource dataSource)
{
    /// <summary>The summaries of the traces that exist, with their project: their key rows' time range, then one
    /// primary-key lookup per trace within it.</summary>
    public async Task<IReadOnlyList<(string ProjectId, TraceSummary Summary)>> GetAsync(
        IReadOnlyCollection<(string ProjectId, string TraceId)> traces, CancellationToken ct)
    {
        if (traces.Count == 0)
        {
            return [];
        }

        var projects = traces.Select(t => t.ProjectId).ToArray();
        var ids = traces.Select(t => t.TraceId).ToArray();
        // Bounded by the summaries' key times (TraceKeyRange): a lookup by id alone probes every chunk of traces; at 1M
        // spans with older chunks compressed it was always running and ingest fell to ~900 spans/s.
        // Both reads are key lookups whatever the statistics say (KeyLookupsOnly). This runs ten times a second under
        // load while traces and trace_keys grow faster than their statistics; in one benchmark run the read averaged
        // 180 ms instead of 2-4 ms, ~0.8 of a core of PostgreSQL at 12k spans/s (bench/README, "Issue 13, ingest,
        // 2026-12-04 session").
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var plannerOptions = new NpgsqlCommand(KeyLookupsOnly, connection, tx))
        {
            await plannerOptions.ExecuteNonQueryAsync(ct);
        }

        var range = await TraceKeyRange.ReadAsync(connection, tx, projects, ids, ct);

        // The row's own columns first (TraceRows reads them from ordinal 0), the project after them. Without any key row
        // (summaries written by hand) the lookup goes unbounded.
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT {TraceRows.Columns}, t.project_id
            FROM traces t JOIN unnest(@projects, @traces) AS k(p, id) ON t.project_id = k.p AND t.trace_id = k.id
            {(range is null ? "" : "WHERE t.start_time BETWEEN @from AND @to")}
            """, connection, tx);
        cmd.Parameters.AddWithValue("projects", NpgsqlDbType.Array | NpgsqlDbType.Text, projects);
        cmd.Parameters.AddWithValue("traces", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        if (range is (var from, var to))
        {
            cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from);
            cmd.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to);
        }

        var rows = new List<(string, TraceSummary)>(traces.Count);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(15), TraceRows.Read(reader)));
            }
        }

        await tx.CommitAsync(ct);
        return rows;
    }

    /// <summary>
    /// Nested loops over the primary keys, whatever the statistics say; like the span writer's own guard
    /// (<c>TraceSummaryLedger</c> uses this one too), for this transaction only. No JIT: the disabled plans' cost penalty
    /// would otherwise make the planner compile every execution.
    /// </summary>
    internal const string KeyLookupsOnly =
        "SET LOCAL jit = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;";
}
