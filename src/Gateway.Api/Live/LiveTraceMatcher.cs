using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Live;

/// <summary>
/// Which of some just-changed traces match a list filter: the trace list's own SQL (<see cref="TraceFilterSql"/>),
/// limited to those ids by primary key, so a live view filters exactly as the list does — provider, attributes and
/// full-text search included — at one indexed query per delivered batch.
/// </summary>
public sealed class LiveTraceMatcher(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The ids among <paramref name="traces"/> whose stored summaries match <paramref name="filter"/>. The summaries'
    /// start times (as delivered, which is as stored) bound the lookup, so TimescaleDB reads only the chunks that can
    /// hold them rather than probing every chunk of traces, compressed ones included.
    /// </summary>
    public async Task<HashSet<string>> MatchingAsync(string projectId, TraceFilter filter, IReadOnlyCollection<TraceSummary> traces, CancellationToken ct)
    {
        if (traces.Count == 0)
        {
            return [];
        }

        // A summary whose start moved earlier since it was delivered falls outside the range and is left out here; the
        // write that moved it publishes the new summary, which is matched in its turn.
        var where = TraceFilterSql.Build(projectId, filter);
        await using var cmd = dataSource.CreateCommand(
            $"SELECT t.trace_id FROM traces t WHERE {where.Sql} AND t.trace_id = ANY(@live_ids) AND t.start_time BETWEEN @live_from AND @live_to");
        where.AddParametersTo(cmd);
        cmd.Parameters.AddWithValue("live_ids", traces.Select(t => t.TraceId).ToArray());
        // Stored times keep microseconds; a millisecond either side covers the rounding.
        cmd.Parameters.AddWithValue("live_from", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(traces.Min(t => t.StartUnixNano)).AddMilliseconds(-1));
        cmd.Parameters.AddWithValue("live_to", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(traces.Max(t => t.StartUnixNano)).AddMilliseconds(1));
        var matching = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            matching.Add(reader.GetString(0));
        }

        return matching;
    }
}
