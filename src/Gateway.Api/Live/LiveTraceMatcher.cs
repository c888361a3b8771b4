using Npgsql;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Live;

/// <summary>
/// Which of some just-changed traces match a list filter: the trace list's own SQL (<see cref="TraceFilterSql"/>),
/// limited to those ids by primary key, so a live view filters exactly as the list does — provider, attributes and
/// full-text search included — at one indexed query per delivered batch.
/// </summary>
public sealed class LiveTraceMatcher(NpgsqlDataSource dataSource)
{
    public async Task<HashSet<string>> MatchingAsync(string projectId, TraceFilter filter, IReadOnlyCollection<string> traceIds, CancellationToken ct)
    {
        var where = TraceFilterSql.Build(projectId, filter);
        await using var cmd = dataSource.CreateCommand($"SELECT t.trace_id FROM traces t WHERE {where.Sql} AND t.trace_id = ANY(@live_ids)");
        where.AddParametersTo(cmd);
        cmd.Parameters.AddWithValue("live_ids", traceIds.ToArray());
        var matching = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            matching.Add(reader.GetString(0));
        }

        return matching;
    }
}
