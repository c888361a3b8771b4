using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Traces;

/// <summary>
/// The range of start times the <c>trace_keys</c> rows of some traces keep (0211_trace_keys.sql). Every stored span and
/// summary of a trace starts at or after its key's time, so a read bounded by this range lets TimescaleDB skip every
/// chunk outside it instead of probing each chunk's index (or scanning a compressed chunk, which has none).
/// </summary>
internal static class TraceKeyRange
{
    private const string Sql =
        """
        SELECT min(k.start_time), max(k.start_time) FROM trace_keys k JOIN unnest(@projects, @traces) AS u(p, id)
            ON k.project_id = u.p AND k.trace_id = u.id
        WHERE k.start_time > '-infinity'
        """;

    /// <summary>The earliest and latest key start times of the traces, or null when none of them has a key row yet.</summary>
    public static async Task<(DateTime From, DateTime To)?> ReadAsync(
        NpgsqlDataSource dataSource, string[] projects, string[] traceIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Sql);
        return await ReadAsync(cmd, projects, traceIds, ct);
    }

    /// <summary>The same on the caller's connection and transaction (which may have set planner options).</summary>
    public static async Task<(DateTime From, DateTime To)?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] projects, string[] traceIds, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, connection, transaction);
        return await ReadAsync(cmd, projects, traceIds, ct);
    }

    private static async Task<(DateTime From, DateTime To)?> ReadAsync(NpgsqlCommand cmd, string[] projects, string[] traceIds, CancellationToken ct)
    {
        cmd.Parameters.AddWithValue("projects", NpgsqlDbType.Array | NpgsqlDbType.Text, projects);
        cmd.Parameters.AddWithValue("traces", NpgsqlDbType.Array | NpgsqlDbType.Text, traceIds);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? (reader.GetDateTime(0), reader.GetDateTime(1)) : null;
    }
}
