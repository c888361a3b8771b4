using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Traces;
using Observatory.Storage.Analytics;

namespace Observatory.Storage.Traces;

/// <summary>Reads the stored summaries of given traces (the live streams publish them after each commit).</summary>
public sealed class TraceSummaryLookup(NpgsqlDataSource dataSource)
{
    /// <summary>The summaries of the traces that exist, with their project; one primary-key lookup per trace, in one round trip.</summary>
    public async Task<IReadOnlyList<(string ProjectId, TraceSummary Summary)>> GetAsync(
        IReadOnlyCollection<(string ProjectId, string TraceId)> traces, CancellationToken ct)
    {
        if (traces.Count == 0)
        {
            return [];
        }

        // The row's own columns first (TraceRows reads them from ordinal 0), the project after them.
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {TraceRows.Columns}, t.project_id
            FROM traces t JOIN unnest(@projects, @traces) AS k(p, id) ON t.project_id = k.p AND t.trace_id = k.id
            """);
        cmd.Parameters.AddWithValue("projects", NpgsqlDbType.Array | NpgsqlDbType.Text, traces.Select(t => t.ProjectId).ToArray());
        cmd.Parameters.AddWithValue("traces", NpgsqlDbType.Array | NpgsqlDbType.Text, traces.Select(t => t.TraceId).ToArray());
        var rows = new List<(string, TraceSummary)>(traces.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(15), TraceRows.Read(reader)));
        }

        return rows;
    }
}
