using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Llm;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Storage.Rollups;
using Observatory.Storage.Traces;

namespace Observatory.Storage.Derived;

/// <summary>What <see cref="DerivedDataAudit"/> found: how much it compared, and every difference, described.</summary>
public sealed record DerivedDataReport(long Spans, int Traces, int RollupBuckets, IReadOnlyList<string> Differences);

/// <summary>
/// Recomputes, from the stored spans alone (the source of truth), every trace summary and every minute, hour and day
/// rollup, and compares them with the stored rows, field by field and sketch byte by sketch byte. The crash tests and
/// <c>Observatory.Silo verify-derived</c> use it. Holds a project's traces and buckets in memory: a check, not a job
/// for a database of hundreds of millions of spans.
/// </summary>
public static partial class DerivedDataAudit
{
    public static async Task<DerivedDataReport> RunAsync(NpgsqlDataSource dataSource, string? project, CancellationToken ct)
    {
        var traces = new Dictionary<(string Project, string TraceId), TraceSummaryAccumulator>();
        var rollups = new RollupAggregate();
        long spans = 0;
        await using (var cmd = dataSource.CreateCommand(
            $"""
            SELECT project_id, trace_id, {TraceSummaryLedger.FactColumns}, provider, request_model, response_model, cache_read_tokens,
                   cache_write_tokens, reasoning_tokens, ttft_ms
            FROM spans WHERE @p::text IS NULL OR project_id = @p
            """))
        {
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                spans++;
                var key = (reader.GetString(0), reader.GetString(1));
                if (!traces.TryGetValue(key, out var trace))
                {
                    traces[key] = trace = new TraceSummaryAccumulator(key.Item2);
                }

                var facts = TraceSummaryLedger.ReadFacts(reader, 2);
                trace.Add(facts);
                var llm = reader.GetBoolean(9) ? StoredLlmFacts(reader) : null;
                rollups.Add(key.Item1, facts.ServiceName, llm, facts.StartUnixNano, facts.IsError, Math.Max(0, facts.EndUnixNano - facts.StartUnixNano) / 1_000_000.0);
            }
        }

        var differences = new List<string>();
        await CompareTracesAsync(dataSource, project, traces, differences, ct);
        await CompareRollupsAsync(dataSource, project, rollups, differences, ct);
        differences.AddRange(await TraceKeyRollupDifferencesAsync(dataSource, project, ct));
        return new DerivedDataReport(spans, traces.Count, rollups.Count, differences);
    }

    /// <summary>The LLM facts a rollup counts, as stored (columns after <see cref="TraceSummaryLedger.FactColumns"/>).</summary>
    private static LlmFacts StoredLlmFacts(NpgsqlDataReader r) => new()
    {
        Operation = Text(r, 16),
        InputTokens = Int(r, 10),
        OutputTokens = Int(r, 11),
        CostUsd = r.IsDBNull(12) ? null : r.GetDecimal(12),
        Provider = Text(r, 17),
        RequestModel = Text(r, 18),
        ResponseModel = Text(r, 19),
        CacheReadInputTokens = Int(r, 20),
        CacheCreationInputTokens = Int(r, 21),
        ReasoningOutputTokens = Int(r, 22),
        TimeToFirstTokenMs = r.IsDBNull(23) ? null : r.GetDouble(23),
    };

    private static async Task CompareTracesAsync(
        NpgsqlDataSource dataSource, string? project, Dictionary<(string Project, string TraceId), TraceSummaryAccumulator> expected, List<string> differences, CancellationToken ct)
    {
        var seen = new HashSet<(string, string)>();
        await using (var cmd = dataSource.CreateCommand(
            """
            SELECT project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms, span_count,
                   llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id
            FROM traces WHERE @p::text IS NULL OR project_id = @p
            """))
        {
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = (r.GetString(0), r.GetString(1));
                if (!seen.Add(key))
                {
                    differences.Add($"trace {key}: more than one traces row");
                }

                var stored = string.Join(" | ", r.GetString(2), r.GetString(3), r.GetBoolean(4), Micros(r.GetDateTime(5)), Micros(r.GetDateTime(6)),
                    r.GetDouble(7).ToString("R", CultureInfo.InvariantCulture), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt64(11),
                    r.GetInt64(12), Cost(r.GetDecimal(13)), string.Join(',', r.GetFieldValue<string[]>(14)),
                    Text(r, 15), Text(r, 16));
                var wanted = expected.TryGetValue(key, out var trace) ? Describe(trace.ToSummary()!) : "no spans";
                if (stored != wanted)
                {
                    differences.Add($"trace {key}: stored [{stored}], spans say [{wanted}]");
                }
            }
        }

        foreach (var key in expected.Keys.Where(k => !seen.Contains(k)))
        {
            differences.Add($"trace {key}: no traces row, spans say [{Describe(expected[key].ToSummary()!)}]");
        }

        // The key rows arbitrate writers and bound their reads by start time: each summary needs one, at its start time.
        await using var keys = dataSource.CreateCommand(
            """
            SELECT t.project_id, t.trace_id, k.start_time IS NULL FROM traces t
            LEFT JOIN trace_keys k ON k.project_id = t.project_id AND k.trace_id = t.trace_id
            WHERE (@p::text IS NULL OR t.project_id = @p) AND k.start_time IS DISTINCT FROM t.start_time
            """);
        keys.CommandTimeout = 0;
        keys.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
        await using var k = await keys.ExecuteReaderAsync(ct);
        while (await k.ReadAsync(ct))
        {
            differences.Add($"trace ({k.GetString(0)}, {k.GetString(1)}): " +
                (k.GetBoolean(2) ? "no trace_keys row" : "its trace_keys row has another start time"));
        }
    }

    private static string Describe(TraceSummary s) => string.Join(" | ", s.ServiceName, s.RootSpanName, s.HasRoot,
        Micros(UnixNano.ToDateTime(s.StartUnixNano)), Micros(UnixNano.ToDateTime(s.EndUnixNano)), s.DurationMs.ToString("R", CultureInfo.InvariantCulture),
        s.SpanCount, s.LlmCallCount, s.ErrorCount, s.InputTokens, s.OutputTokens,
        Cost(s.CostUsd), string.Join(',', s.Models), s.UserId, s.SessionId);

    private static async Task CompareRollupsAsync(
        NpgsqlDataSource dataSource, string? project, RollupAggregate expected, List<string> differences, CancellationToken ct)
    {
        var wanted = expected.Buckets.ToDictionary(b => (b.Series, b.Resolution, b.Start), b => Describe(b.Usage));
        foreach (var resolution in RollupResolutions.All)
        {
            await using var cmd = dataSource.CreateCommand(
                $"""
                SELECT project_id, provider, model, service_name, bucket_start, {RollupStore.UsageColumns}
                FROM {RollupTables.Name(resolution)} WHERE @p::text IS NULL OR project_id = @p
                """);
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = (new RollupSeries(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), resolution, UnixNano.FromDateTime(r.GetDateTime(4)));
                var stored = Describe(RollupStore.ReadUsage(r, 5));
                var spansSay = wanted.Remove(key, out var w) ? w : "no calls";
                if (stored != spansSay)
                {
                    differences.Add($"{resolution} rollup {key.Item1} at {UnixNano.ToDateTime(key.Item3):O}: stored [{stored}], spans say [{spansSay}]");
                }
            }
        }

        foreach (var ((series, resolution, start), w) in wanted)
        {
            differences.Add($"{resolution} rollup {series} at {UnixNano.ToDateTime(start):O}: no row, spans say [{w}]");
        }
    }

    private static string Describe(ModelUsage u) => string.Join(" | ", u.RequestCount, u.ErrorCount, u.CallsWithoutUsage, u.InputTokens,
        u.OutputTokens, u.CacheReadTokens, u.CacheWriteTokens, u.ReasoningTokens, Cost(u.CostUsd),
        Convert.ToHexString(u.Latency.ToBytes()), Convert.ToHexString(u.TimeToFirstToken.ToBytes()));

    /// <summary>Costs are stored with 12 decimals; the scale a decimal carries is not part of its value.</summary>
    private static string Cost(decimal usd) => decimal.Round(usd, 12).ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL keeps microseconds (Npgsql truncates ticks): compare times at that precision.</summary>
    private static long Micros(DateTime time) => time.Ticks / 10;

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
