using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;

namespace Observatory.Storage.Analytics;

/// <summary>
/// One agent (name and version) over a window: its runs (invoke_agent spans), the model calls under them (inclusive:
/// nested agents' calls count for every agent above them; the agent spans' own repeated usage never counts), latency
/// and errors of the runs, the tool calls under them and the models those calls used.
/// </summary>
public sealed record AgentRow(
    string? AgentName, string? AgentVersion, long Runs, long Errors, double? LatencyP50Ms, double? LatencyP95Ms, long ModelCalls,
    long InputTokens, long OutputTokens, decimal CostUsd, long UnknownCostCalls, long ToolCalls, IReadOnlyList<AgentModelRow> Models);

/// <summary>One model an agent's runs called: calls and their known cost.</summary>
public sealed record AgentModelRow(string? Model, long Calls, decimal CostUsd);

/// <summary>
/// One tool over a window, per MCP method and side for MCP spans (client and server spans of one call are two rows, so
/// neither counts the other): calls, errors and latency.
/// </summary>
public sealed record ToolRow(string? ToolName, string? McpMethod, string? Side, long Calls, long Errors, double? LatencyP50Ms, double? LatencyP95Ms);

/// <summary>
/// Agent and tool analytics over stored spans. Agent runs are found on the partial spans_agents_by_time index and their
/// subtrees walked by the primary key (project, trace, …); tool spans are read on spans_tools_by_time (migration 0260).
/// </summary>
public sealed class AgentToolQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Deeper subtrees are cut: a parent cycle sent by a broken exporter must not loop.</summary>
    public const int MaxDepth = 64;

    /// <summary>How long before its agent a descendant may start (clock skew between services) and still be found.</summary>
    public static readonly TimeSpan ChildClockSkew = TimeSpan.FromHours(1);

    /// <summary>Per agent name and version, most inclusive cost first.</summary>
    public async Task<IReadOnlyList<AgentRow>> AgentsAsync(string projectId, DateTime from, DateTime to, string? service, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var modelCall = AnalyticsSql.ModelCall(cmd);
        cmd.CommandText = $"""
            WITH RECURSIVE agents AS (
                SELECT a.trace_id, a.span_id, a.start_time, a.agent_name, a.agent_version,
                       (a.end_unix_nano - a.start_unix_nano) / 1e6::float8 AS duration_ms,
                       (a.status = {(int)SpanStatusCode.Error} OR a.error_type IS NOT NULL) AS failed
                FROM spans a
                WHERE a.project_id = @project AND a.start_time >= @from AND a.start_time < @to
                  AND a.operation = 'invoke_agent' AND (@service::text IS NULL OR a.service_name = @service)
            ),
            tree AS (
                SELECT a.trace_id, a.span_id AS agent_span, a.span_id, a.start_time AS agent_start, 0 AS depth,
                       false AS is_llm, NULL::text AS operation, NULL::text AS response_model, NULL::text AS request_model,
                       NULL::bigint AS input_tokens, NULL::bigint AS output_tokens, NULL::numeric AS cost_usd,
                       NULL::smallint AS kind, NULL::text AS mcp_method, NULL::text AS parent_operation
                FROM agents a
                UNION ALL
                SELECT c.trace_id, t.agent_span, c.span_id, t.agent_start, t.depth + 1,
                       c.is_llm, c.operation, c.response_model, c.request_model, c.input_tokens, c.output_tokens, c.cost_usd,
                       c.kind, c.mcp_method, t.operation
                FROM tree t
                JOIN spans c ON c.project_id = @project AND c.trace_id = t.trace_id AND c.parent_span_id = t.span_id
                            AND c.start_time >= t.agent_start - @skew
                WHERE t.depth < @maxDepth
            ),
            under AS (
                SELECT s.trace_id, s.agent_span, ({modelCall}) AS model_call,
                       coalesce(s.response_model, s.request_model) AS model, s.input_tokens, s.output_tokens, s.cost_usd,
                       -- One tool call per call: an MCP client span under a framework's execute_tool span, and the MCP
                       -- server span of the same call, are the same call again.
                       (s.operation = 'execute_tool' AND (s.mcp_method IS NULL
                           OR (s.kind = {(int)SpanKind.Client} AND s.parent_operation IS DISTINCT FROM 'execute_tool'))) AS tool_call
                FROM tree s WHERE s.depth > 0
            ),
            per_run AS (
                SELECT a.agent_name, a.agent_version, a.duration_ms, a.failed,
                       count(*) FILTER (WHERE u.model_call) AS calls,
                       coalesce(sum(u.input_tokens) FILTER (WHERE u.model_call), 0) AS input,
                       coalesce(sum(u.output_tokens) FILTER (WHERE u.model_call), 0) AS output,
                       coalesce(sum(u.cost_usd) FILTER (WHERE u.model_call), 0) AS cost,
                       count(*) FILTER (WHERE u.model_call AND u.cost_usd IS NULL) AS unknown_cost,
                       count(*) FILTER (WHERE u.tool_call) AS tool_calls
                FROM agents a LEFT JOIN under u ON u.trace_id = a.trace_id AND u.agent_span = a.span_id
                GROUP BY a.trace_id, a.span_id, a.agent_name, a.agent_version, a.duration_ms, a.failed
            ),
            mix AS (
                SELECT a.agent_name, a.agent_version, u.model, count(*) AS calls, coalesce(sum(u.cost_usd), 0) AS cost
                FROM agents a JOIN under u ON u.trace_id = a.trace_id AND u.agent_span = a.span_id
                WHERE u.model_call
                GROUP BY a.agent_name, a.agent_version, u.model
            ),
            mixes AS (
                SELECT agent_name, agent_version, array_agg(model ORDER BY calls DESC, model) AS models,
                       array_agg(calls ORDER BY calls DESC, model) AS calls, array_agg(cost ORDER BY calls DESC, model) AS costs
                FROM mix GROUP BY agent_name, agent_version
            )
            SELECT r.agent_name, r.agent_version, count(*), count(*) FILTER (WHERE r.failed),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_ms),
                   sum(r.calls)::bigint, sum(r.input)::bigint, sum(r.output)::bigint, sum(r.cost), sum(r.unknown_cost)::bigint,
                   sum(r.tool_calls)::bigint, m.models, m.calls, m.costs
            FROM per_run r
            LEFT JOIN mixes m ON m.agent_name IS NOT DISTINCT FROM r.agent_name AND m.agent_version IS NOT DISTINCT FROM r.agent_version
            GROUP BY r.agent_name, r.agent_version, m.models, m.calls, m.costs
            ORDER BY sum(r.cost) DESC, count(*) DESC, r.agent_name NULLS LAST, r.agent_version NULLS LAST
            """;
        AddParameters(cmd, projectId, from, to, service);
        cmd.Parameters.AddWithValue("skew", ChildClockSkew);
        cmd.Parameters.AddWithValue("maxDepth", MaxDepth);
        var rows = new List<AgentRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var models = new List<AgentModelRow>();
            if (!reader.IsDBNull(12))
            {
                var names = reader.GetFieldValue<string?[]>(12);
                var calls = reader.GetFieldValue<long[]>(13);
                var costs = reader.GetFieldValue<decimal[]>(14);
                for (var i = 0; i < names.Length; i++)
                {
                    models.Add(new AgentModelRow(names[i], calls[i], costs[i]));
                }
            }

            rows.Add(new AgentRow(
                Text(reader, 0), Text(reader, 1), reader.GetInt64(2), reader.GetInt64(3), Number(reader, 4), Number(reader, 5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetDecimal(9), reader.GetInt64(10), reader.GetInt64(11),
                models));
        }

        return rows;
    }

    /// <summary>Per tool, MCP method and side, most calls first.</summary>
    public async Task<IReadOnlyList<ToolRow>> ToolsAsync(string projectId, DateTime from, DateTime to, string? service, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            SELECT s.tool_name, s.mcp_method,
                   CASE WHEN s.mcp_method IS NULL THEN NULL
                        WHEN s.kind = {(int)SpanKind.Client} THEN 'client'
                        WHEN s.kind = {(int)SpanKind.Server} THEN 'server'
                        ELSE 'internal' END AS side,
                   count(*), count(*) FILTER (WHERE s.status = {(int)SpanStatusCode.Error} OR s.error_type IS NOT NULL),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY (s.end_unix_nano - s.start_unix_nano) / 1e6::float8),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY (s.end_unix_nano - s.start_unix_nano) / 1e6::float8)
            FROM spans s
            WHERE s.project_id = @project AND s.start_time >= @from AND s.start_time < @to
              AND (s.tool_name IS NOT NULL OR s.mcp_method IS NOT NULL OR s.operation = 'execute_tool')
              AND (@service::text IS NULL OR s.service_name = @service)
            GROUP BY 1, 2, 3
            ORDER BY count(*) DESC, 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST
            """;
        AddParameters(cmd, projectId, from, to, service);
        var rows = new List<ToolRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ToolRow(
                Text(reader, 0), Text(reader, 1), Text(reader, 2), reader.GetInt64(3), reader.GetInt64(4), Number(reader, 5), Number(reader, 6)));
        }

        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static double? Number(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    private static void AddParameters(NpgsqlCommand cmd, string projectId, DateTime from, DateTime to, string? service)
    {
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("service", NpgsqlDbType.Text, (object?)service ?? DBNull.Value);
    }
}
