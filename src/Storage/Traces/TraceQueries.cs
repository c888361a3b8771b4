using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Llm;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>Read side for traces: the paged list from <c>traces</c>, a trace's spans from <c>spans</c>.</summary>
public sealed partial class TraceQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns =
        """
        t.trace_id, t.service_name, t.root_span_name, t.has_root, t.start_time, t.end_time, t.span_count, t.llm_call_count,
        t.error_count, t.input_tokens, t.output_tokens, t.cost_usd, t.models, t.user_id, t.session_id
        """;

    public async Task<TracePage> ListAsync(TraceListQuery query, CancellationToken ct)
    {
        var filter = TraceFilter.AllOf(ShorthandFilter(query), query.Filter);
        var rows = TraceFilterSql.HasFullText(filter)
            ? await ListInWindowsAsync(query, filter, ct)
            : await ListPageAsync(query, filter, null, null, probe: false, query.Limit + 1, ct);

        TraceCursor? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveRange(query.Limit, rows.Count - query.Limit);
            var last = rows[^1];
            next = new TraceCursor(last.StartUnixNano, last.TraceId);
        }

        return new TracePage(rows, next);
    }

    /// <summary>
    /// Full-text search, newest first: a common word matches millions of spans, so reading every match through the index
    /// before taking the newest 50 takes seconds. The newest traces are checked one by one first (a common word fills the
    /// page there at once); only what is left goes through the index, which is fast for the rare words that get that far.
    /// The probes are sized in traces, not hours, so a busy project does not pay for checking hours of traces one by one.
    /// The index is then asked window by window, newest first.
    /// </summary>
    private async Task<List<TraceSummary>> ListInWindowsAsync(TraceListQuery query, TraceFilter? filter, CancellationToken ct)
    {
        // The windows start where the filter's own time range ends (from, to, a search body's startTime), not at the
        // newest stored trace: otherwise a search with an older 'to' probes empty windows and falls to the index.
        var (oldestStored, newestStored) = await TimeRangeAsync(query.ProjectId, ct);
        var (filterFrom, filterTo) = TraceFilter.StartTimeBounds(filter);
        var lower = Max(filterFrom, oldestStored);
        var end = Min(filterTo ?? DateTime.MaxValue, newestStored?.AddTicks(10) ?? DateTime.UtcNow);
        if (query.After is TraceCursor after)
        {
            end = Min(end, UnixNano.ToDateTime(after.StartUnixNano).AddTicks(10));
        }

        var rows = new List<TraceSummary>();
        if (lower is not DateTime oldest)
        {
            return rows;
        }

        if (ContentShortcuts && TopLevelContent(filter) is { } content)
        {
            var (rare, words) = await ClassifyContentAsync(query.ProjectId, (string)content.Value, ct);
            if (rare && await TryListByPostingListAsync(query, filter, content, oldest, end, ct) is { } found)
            {
                return found;
            }

            // Matching spans newest first, however much content-less traffic lies in between; what the walk leaves
            // undecided (below completeFrom) goes on as before.
            var walk = await WalkNewestMatchesAsync(query, filter, content, words, oldest, end, ct);
            rows.AddRange(walk.Rows);
            if (walk.CompleteFrom is not DateTime undecidedBelow)
            {
                return rows;
            }

            end = undecidedBelow;
        }

        // The newest few hundred traces, then a few thousand more, checked one by one.
        foreach (var traces in ProbeTraceCounts)
        {
            var start = await StartOfNthNewestAsync(query.ProjectId, end, traces, ct) is DateTime nth && nth > oldest ? nth : oldest;
            rows.AddRange(await ListPageAsync(query, filter, start, end, probe: true, query.Limit + 1 - rows.Count, ct));
            if (rows.Count > query.Limit || start <= oldest)
            {
                return rows;
            }

            end = start;
        }

        // The rest through the index, newest first, in windows that grow eightfold from an hour. Each window reads the
        // word's whole posting list, so a common word behind a stretch of traces without content (where the one-by-one
        // steps found nothing) costs a window or two instead of materializing millions of matches; a rare word walks
        // back through a handful.
        var window = FirstIndexWindow;
        while (end > oldest)
        {
            var start = end - oldest <= window ? oldest : end - window;
            rows.AddRange(await ListPageAsync(query, filter, start, end, probe: false, query.Limit + 1 - rows.Count, ct));
            if (rows.Count > query.Limit)
            {
                break;
            }

            end = start;
            window *= 8;
        }

        return rows;
    }

    private static readonly TimeSpan FirstIndexWindow = TimeSpan.FromHours(1);

    private static readonly int[] ProbeTraceCounts = [400, 1600];

    /// <summary>The start time of the project's n-th newest trace that started before <paramref name="end"/> (null when there are fewer).</summary>
    private async Task<DateTime?> StartOfNthNewestAsync(string projectId, DateTime end, int n, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT start_time FROM traces WHERE project_id = @project AND start_time < @end ORDER BY start_time DESC, trace_id DESC OFFSET @skip LIMIT 1");
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("end", NpgsqlDbType.TimestampTz, end);
        cmd.Parameters.AddWithValue("skip", n - 1);
        return await cmd.ExecuteScalarAsync(ct) is DateTime start ? start : null;
    }

    private async Task<(DateTime? Oldest, DateTime? Newest)> TimeRangeAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT min(start_time), max(start_time) FROM traces WHERE project_id = @project");
        cmd.Parameters.AddWithValue("project", projectId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.IsDBNull(0) ? null : reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private async Task<List<TraceSummary>> ListPageAsync(
        TraceListQuery query, TraceFilter? filter, DateTime? windowStart, DateTime? windowEnd, bool probe, int limit, CancellationToken ct,
        string[]? candidates = null, string? orLogContent = null)
    {
        var where = TraceFilterSql.Build(query.ProjectId, filter, windowStart, probe);
        var sql = new System.Text.StringBuilder($"SELECT {SummaryColumns} FROM traces t WHERE {where.Sql}");
        await using var cmd = dataSource.CreateCommand();
        where.AddParametersTo(cmd);
        if (candidates is not null)
        {
            // Candidates found from the spans' side; with orLogContent, a trace may match through its log events instead.
            sql.Append(" AND (t.trace_id = ANY(@candidates)");
            if (orLogContent is not null)
            {
                sql.Append(" OR EXISTS (SELECT 1 FROM log_events l WHERE l.project_id = t.project_id AND l.trace_id = t.trace_id AND ")
                    .AppendFormat(System.Globalization.CultureInfo.InvariantCulture, TraceFilterSql.LogContentCondition, "@logContent").Append(')');
                cmd.Parameters.AddWithValue("logContent", orLogContent);
            }

            sql.Append(')');
            cmd.Parameters.AddWithValue("candidates", candidates);
        }

        if (query.After is TraceCursor after)
        {
            sql.Append(" AND (t.start_time, t.trace_id) < (@afterTime, @afterTrace)");
            cmd.Parameters.AddWithValue("afterTime", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(after.StartUnixNano));
            cmd.Parameters.AddWithValue("afterTrace", after.TraceId);
        }

        if (windowStart is DateTime ws && windowEnd is DateTime we)
        {
            sql.Append(" AND t.start_time >= @windowStart AND t.start_time < @windowEnd");
            cmd.Parameters.AddWithValue("windowStart", NpgsqlDbType.TimestampTz, ws);
            cmd.Parameters.AddWithValue("windowEnd", NpgsqlDbType.TimestampTz, we);
        }

        sql.Append(" ORDER BY t.start_time DESC, t.trace_id DESC LIMIT @limit");
        cmd.Parameters.AddWithValue("limit", limit);
        cmd.CommandText = sql.ToString();

        var rows = new List<TraceSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadSummary(reader));
        }

        return rows;
    }

    /// <summary>
    /// Every trace of the project matching <paramref name="filter"/>, newest first, streamed row by row from one query
    /// (for exports: nothing is buffered; the connection is held until enumeration ends).
    /// </summary>
    public async IAsyncEnumerable<TraceSummary> StreamAsync(
        string projectId, TraceFilter? filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var where = TraceFilterSql.Build(projectId, filter);
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {SummaryColumns} FROM traces t WHERE {where.Sql} ORDER BY t.start_time DESC, t.trace_id DESC");
        where.AddParametersTo(cmd);
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return ReadSummary(reader);
        }
    }

    private static TraceFilter? ShorthandFilter(TraceListQuery query)
    {
        var parts = new List<TraceFilter>();
        if (query.Service is not null)
        {
            parts.Add(new TraceFilter.Condition(TraceField.Service, TraceFilterOp.Eq, query.Service));
        }

        if (query.Model is not null)
        {
            parts.Add(new TraceFilter.Condition(TraceField.Model, TraceFilterOp.Eq, query.Model));
        }

        if (query.HasError is bool hasError)
        {
            parts.Add(new TraceFilter.Condition(TraceField.Status, TraceFilterOp.Eq, hasError ? "error" : "ok"));
        }

        if (query.From is DateTime from)
        {
            parts.Add(new TraceFilter.Condition(TraceField.StartTime, TraceFilterOp.Gte, from));
        }

        if (query.To is DateTime to)
        {
            parts.Add(new TraceFilter.Condition(TraceField.StartTime, TraceFilterOp.Lt, to));
        }

        return TraceFilter.AllOf([.. parts]);
    }

    private static TraceSummary ReadSummary(NpgsqlDataReader reader) => Analytics.TraceRows.Read(reader);

    /// <summary>Every stored span of a trace, earliest first; empty when the trace is unknown.</summary>
    public async Task<IReadOnlyList<StoredSpan>> GetSpansAsync(string projectId, string traceId, CancellationToken ct)
    {
        // Bounded by the trace's key time (TraceKeyRange); a trace without a key row is read unbounded.
        var from = (await TraceKeyRange.ReadAsync(dataSource, [projectId], [traceId], ct))?.From;

        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT trace_id, span_id, parent_span_id, name, kind, service_name, start_unix_nano, end_unix_nano, status, status_message,
                   error_type, user_id, session_id, is_llm, provider, operation, request_model, response_model, input_tokens,
                   output_tokens, cost_usd, finish_reasons, attributes::text, events::text,
                   dialect, cache_read_tokens, cache_write_tokens, reasoning_tokens, computed_cost_usd, supplied_cost_usd, cost_source,
                   ttft_ms, input, output, emitter, inclusivity, price_entry, price_catalog_version, price_tier_above, cost_unknown_reason,
                   text_input_tokens, image_input_tokens, audio_input_tokens, video_input_tokens, text_output_tokens, audio_output_tokens,
                   modality_counts_exceed_totals, price_modalities,
                   {AgentToolColumns.List}
            FROM spans WHERE project_id = @project AND trace_id = @trace {(from is null ? "" : "AND start_time >= @from")}
            ORDER BY start_unix_nano, span_id
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("trace", traceId);
        if (from is { } bound)
        {
            cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, bound);
        }

        var spans = new List<StoredSpan>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            spans.Add(new StoredSpan
            {
                TraceId = reader.GetString(0),
                SpanId = reader.GetString(1),
                ParentSpanId = NullableString(reader, 2),
                Name = reader.GetString(3),
                Kind = (SpanKind)reader.GetInt16(4),
                ServiceName = reader.GetString(5),
                StartUnixNano = reader.GetInt64(6),
                EndUnixNano = reader.GetInt64(7),
                Status = (SpanStatusCode)reader.GetInt16(8),
                StatusMessage = NullableString(reader, 9),
                ErrorType = NullableString(reader, 10),
                UserId = NullableString(reader, 11),
                SessionId = NullableString(reader, 12),
                IsLlm = reader.GetBoolean(13),
                Provider = NullableString(reader, 14),
                Operation = NullableString(reader, 15),
                RequestModel = NullableString(reader, 16),
                ResponseModel = NullableString(reader, 17),
                InputTokens = reader.IsDBNull(18) ? null : reader.GetInt64(18),
                OutputTokens = reader.IsDBNull(19) ? null : reader.GetInt64(19),
                CostUsd = reader.IsDBNull(20) ? null : reader.GetDecimal(20),
                FinishReasons = reader.IsDBNull(21) ? [] : reader.GetFieldValue<string[]>(21),
                AttributesJson = reader.GetString(22),
                EventsJson = reader.GetString(23),
                Dialect = NullableString(reader, 24),
                CacheReadTokens = NullableInt64(reader, 25),
                CacheWriteTokens = NullableInt64(reader, 26),
                ReasoningTokens = NullableInt64(reader, 27),
                ComputedCostUsd = reader.IsDBNull(28) ? null : reader.GetDecimal(28),
                SuppliedCostUsd = reader.IsDBNull(29) ? null : reader.GetDecimal(29),
                CostSource = NullableString(reader, 30),
                TimeToFirstTokenMs = reader.IsDBNull(31) ? null : reader.GetDouble(31),
                Input = NullableString(reader, 32),
                Output = NullableString(reader, 33),
                Emitter = NullableString(reader, 34),
                Inclusivity = NullableString(reader, 35),
                PriceEntry = NullableString(reader, 36),
                PriceCatalogVersion = NullableString(reader, 37),
                PriceTierAboveInputTokens = NullableInt64(reader, 38),
                CostUnknownReason = NullableString(reader, 39),
                TextInputTokens = NullableInt64(reader, 40),
                ImageInputTokens = NullableInt64(reader, 41),
                AudioInputTokens = NullableInt64(reader, 42),
                VideoInputTokens = NullableInt64(reader, 43),
                TextOutputTokens = NullableInt64(reader, 44),
                AudioOutputTokens = NullableInt64(reader, 45),
                ModalityCountsExceedTotals = reader.IsDBNull(46) ? null : reader.GetBoolean(46),
                PriceModalities = NullableString(reader, 47),
                Agent = AgentToolColumns.Read(reader),
            });
        }

        return spans;
    }

    /// <summary>The GenAI log events stored for a trace, oldest first (they may have arrived before or after their spans).</summary>
    public async Task<IReadOnlyList<Logs.StoredLogEvent>> GetLogEventsAsync(string projectId, string traceId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT span_id, time_unix_nano, event_name, body::text, attributes::text, input_part, output_part
            FROM log_events WHERE project_id = @project AND trace_id = @trace
            ORDER BY time_unix_nano, record_hash
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("trace", traceId);
        var events = new List<Logs.StoredLogEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new Logs.StoredLogEvent(
                reader.GetString(0), reader.GetInt64(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4),
                NullableString(reader, 5), NullableString(reader, 6)));
        }

        return events;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? NullableInt64(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
