using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Llm;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>
/// Keeps the <c>traces</c> rows in step with the spans inside the transaction that stores the spans (or rewrites their
/// costs), so a summary is durable exactly when its spans are. A trace whose spans all arrive in this transaction is
/// summed from them alone; any other is locked and rebuilt from all its stored spans (the source of truth), which is
/// exact however many writers add to the same trace at once. Every writer of a summary first inserts or locks the trace's
/// <c>trace_keys</c> row (one per trace, on a plain table), because <c>traces</c> is keyed by start_time too so that it
/// can be a TimescaleDB hypertable: the key row is what makes one summary per trace, and it remembers the summary's
/// start_time, which bounds the rebuild's read of the trace's spans to the chunks that can hold them.
/// </summary>
public static class TraceSummaryLedger
{
    /// <summary>
    /// Put before a statement that looks spans up by trace (and <see cref="AnyPlan"/> after it). Until the first ANALYZE of
    /// a fresh database the planner takes <c>spans</c> for tiny and may answer such a lookup with a hash join over the
    /// whole table, which the prepared statement keeps while the table grows (ingest crawled for its first minutes);
    /// nested loops over the primary key are right at any size. JIT goes too: the planner's penalty for the disabled
    /// plans would otherwise make it compile every execution (~150 ms).
    /// </summary>
    internal const string KeyLookupsOnly = TraceSummaryLookup.KeyLookupsOnly;

    /// <summary>Undoes <see cref="KeyLookupsOnly"/> for the rest of the transaction.</summary>
    internal const string AnyPlan = "RESET jit; RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin;";

    /// <summary>The <c>spans</c> columns <see cref="ReadFacts"/> reads, in order.</summary>
    internal const string FactColumns =
        "span_id, parent_span_id, name, service_name, start_unix_nano, end_unix_nano, status, is_llm, " +
        "input_tokens, output_tokens, cost_usd, coalesce(response_model, request_model), user_id, session_id, operation";

    /// <summary>
    /// Inserts the key rows of the traces that have none yet, in key order, and returns those it inserted: this
    /// transaction then owns them. No other transaction stored spans of a claimed trace (a key row commits with a trace's
    /// first spans), and none can until this one ends (its claim waits on ours), so the claimed traces' spans can be
    /// COPYed into <c>spans</c> without a conflict check and their summaries are whole with this write's spans alone.
    /// A trace whose key exists, or was inserted meanwhile by a transaction that committed, is not claimed.
    /// </summary>
    public static async Task<HashSet<(string Project, string TraceId)>> ClaimNewAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(string Project, TraceSummary Summary)> candidates,
        CancellationToken ct)
    {
        var claimed = new HashSet<(string Project, string TraceId)>();
        if (candidates.Count == 0)
        {
            return claimed;
        }

        // In key order, like every writer of key rows, so two writers never wait on each other in opposite orders.
        var ordered = candidates.OrderBy(c => c.Project, StringComparer.Ordinal).ThenBy(c => c.Summary.TraceId, StringComparer.Ordinal).ToList();
        await using var claim = new NpgsqlCommand(
            """
            INSERT INTO trace_keys (project_id, trace_id, start_time)
            SELECT p, t, s FROM unnest(@p, @t, @s) WITH ORDINALITY AS k(p, t, s, i) ORDER BY i
            ON CONFLICT (project_id, trace_id) DO NOTHING RETURNING project_id, trace_id
            """, connection, transaction);
        claim.Parameters.AddWithValue("p", NpgsqlDbType.Array | NpgsqlDbType.Text, ordered.Select(c => c.Project).ToArray());
        claim.Parameters.AddWithValue("t", NpgsqlDbType.Array | NpgsqlDbType.Text, ordered.Select(c => c.Summary.TraceId).ToArray());
        claim.Parameters.AddWithValue("s", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            ordered.Select(c => UnixNano.ToDateTime(c.Summary.StartUnixNano)).ToArray());
        await using var reader = await claim.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add((reader.GetString(0), reader.GetString(1)));
        }

        return claimed;
    }

    /// <summary>
    /// Writes the summaries of traces this transaction claimed (<see cref="ClaimNewAsync"/>) straight into <c>traces</c>.
    /// A summary row written without its key row (by hand, by a script) makes this fail with a unique violation: the
    /// span writer then writes its whole group again without the shortcut (its rebuild replaces such a row).
    /// </summary>
    public static async Task InsertClaimedAsync(
        NpgsqlConnection connection, IEnumerable<(string Project, TraceSummary Summary)> summaries, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(TraceSummaryCopyFormat.CopyCommand("traces"), ct);
        foreach (var (project, summary) in summaries)
        {
            await TraceSummaryCopyFormat.WriteRowAsync(importer, project, summary, ct);
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>
    /// Locks the traces' key rows (creating missing ones) and rewrites their summaries from all their stored spans.
    /// <paramref name="earliestNewSpanUnixNano"/> is the earliest start of spans this transaction added to them, if any:
    /// with the summaries' own start times it bounds the read of their spans.
    /// </summary>
    public static async Task RebuildAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<(string Project, string TraceId)> traces,
        CancellationToken ct, long? earliestNewSpanUnixNano = null)
    {
        if (traces.Count == 0)
        {
            return;
        }

        var keys = traces.OrderBy(t => t.Project, StringComparer.Ordinal).ThenBy(t => t.TraceId, StringComparer.Ordinal).ToList();
        // In key order, like every writer of summaries, so two writers never wait on each other in opposite orders.
        // The read below is a new statement: it sees every span a previous lock holder committed.
        DateTime? earliestKnown;
        await using (var lockKeys = new NpgsqlCommand(
            """
            WITH locked AS (
                INSERT INTO trace_keys (project_id, trace_id, start_time)
                SELECT p, t, '-infinity' FROM unnest(@p, @t) WITH ORDINALITY AS k(p, t, i) ORDER BY i
                ON CONFLICT (project_id, trace_id) DO UPDATE SET start_time = trace_keys.start_time
                RETURNING start_time)
            SELECT nullif(min(start_time), '-infinity') FROM locked
            """, connection, transaction))
        {
            AddKeys(lockKeys.Parameters, keys);
            earliestKnown = await lockKeys.ExecuteScalarAsync(ct) as DateTime?;
        }

        // Every stored span of these traces starts at or after its summary's start time, or is one of this
        // transaction's spans: reading from the earliest of those lets TimescaleDB skip the older chunks. A trace
        // without a summary yet ('-infinity') leaves the read unbounded.
        DateTime? readFrom = earliestKnown is not { } known ? null
            : earliestNewSpanUnixNano is { } fresh && UnixNano.ToDateTime(fresh) < known ? UnixNano.ToDateTime(fresh) : known;
        var summaries = new Dictionary<(string Project, string TraceId), TraceSummaryAccumulator>();
        await using (var read = new NpgsqlCommand(
            $"""
            {KeyLookupsOnly}
            SELECT s.project_id, s.trace_id, {FactColumns}
            FROM spans s JOIN unnest(@p, @t) AS k(p, t) ON s.project_id = k.p AND s.trace_id = k.t
            {(readFrom is null ? "" : "WHERE s.start_time >= @from")};
            {AnyPlan}
            """, connection, transaction))
        {
            AddKeys(read.Parameters, keys);
            if (readFrom is { } from)
            {
                // A millisecond of slack: the bound and the stored times are both microseconds, but nothing is lost by it.
                read.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from.AddMilliseconds(-1));
            }

            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!summaries.TryGetValue(key, out var trace))
                {
                    summaries[key] = trace = new TraceSummaryAccumulator(key.Item2);
                }

                trace.Add(ReadFacts(reader, 2));
            }
        }

        await StageAsync(connection, transaction, summaries.Select(s => (s.Key.Project, s.Value.ToSummary()!)), ct);
        // A summary whose start time moved (an earlier span arrived) is deleted and inserted again: the time is part of
        // the key, and TimescaleDB cannot move a row to another chunk. Then the key rows learn the new start times.
        await using var write = new NpgsqlCommand(
            """
            DELETE FROM traces t USING incoming_traces i
            WHERE t.project_id = i.project_id AND t.trace_id = i.trace_id AND t.start_time <> i.start_time;
            INSERT INTO traces SELECT * FROM incoming_traces ORDER BY project_id COLLATE "C", trace_id COLLATE "C"
            ON CONFLICT (project_id, trace_id, start_time) DO UPDATE SET service_name = excluded.service_name,
                root_span_name = excluded.root_span_name, has_root = excluded.has_root, end_time = excluded.end_time,
                duration_ms = excluded.duration_ms, span_count = excluded.span_count, llm_call_count = excluded.llm_call_count,
                error_count = excluded.error_count, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                cost_usd = excluded.cost_usd, models = excluded.models, user_id = excluded.user_id,
                session_id = excluded.session_id, updated_at = now();
            UPDATE trace_keys k SET start_time = i.start_time FROM incoming_traces i
            WHERE k.project_id = i.project_id AND k.trace_id = i.trace_id AND k.start_time <> i.start_time
            """, connection, transaction);
        await write.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The facts of one stored span, from <see cref="FactColumns"/> starting at <paramref name="first"/>.</summary>
    internal static TraceSpanFacts ReadFacts(NpgsqlDataReader reader, int first) => new()
    {
        SpanId = reader.GetString(first),
        ParentSpanId = Text(reader, first + 1),
        Name = reader.GetString(first + 2),
        ServiceName = reader.GetString(first + 3),
        StartUnixNano = reader.GetInt64(first + 4),
        EndUnixNano = reader.GetInt64(first + 5),
        IsError = reader.GetInt16(first + 6) == (short)SpanStatusCode.Error,
        IsLlm = reader.GetBoolean(first + 7) && LlmFacts.CountsAsModelCall(Text(reader, first + 14), Text(reader, first + 11)),
        InputTokens = reader.IsDBNull(first + 8) ? null : reader.GetInt64(first + 8),
        OutputTokens = reader.IsDBNull(first + 9) ? null : reader.GetInt64(first + 9),
        CostUsd = reader.IsDBNull(first + 10) ? null : reader.GetDecimal(first + 10),
        Model = Text(reader, first + 11),
        UserId = Text(reader, first + 12),
        SessionId = Text(reader, first + 13),
    };

    /// <summary>Fills the session's <c>incoming_traces</c> staging table (emptied first) with the summaries.</summary>
    private static async Task StageAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<(string Project, TraceSummary Summary)> summaries, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_traces (LIKE traces INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; DELETE FROM incoming_traces",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var importer = await connection.BeginBinaryImportAsync(TraceSummaryCopyFormat.CopyCommand("incoming_traces"), ct);
        foreach (var (project, summary) in summaries)
        {
            await TraceSummaryCopyFormat.WriteRowAsync(importer, project, summary, ct);
        }

        await importer.CompleteAsync(ct);
    }

    private static void AddKeys(NpgsqlParameterCollection parameters, IReadOnlyList<(string Project, string TraceId)> keys)
    {
        parameters.AddWithValue("p", NpgsqlDbType.Array | NpgsqlDbType.Text, keys.Select(k => k.Project).ToArray());
        parameters.AddWithValue("t", NpgsqlDbType.Array | NpgsqlDbType.Text, keys.Select(k => k.TraceId).ToArray());
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
