using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Analytics;
using Observatory.Web;
using PercentilesDto = Observatory.Gateway.Api.Models.PercentilesDto;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    /// <summary><c>GET /api/v1/agents</c> and <c>GET /api/v1/tools</c>.</summary>
    public static RouteGroupBuilder MapAgentToolApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agents", ListAgents)
            .WithSummary("Per agent name and version: runs, inclusive cost and tokens of the model calls under them, latency p50/p95, error rate, tool calls and model mix")
            .Produces<AgentListDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/tools", ListTools)
            .WithSummary("Per tool, and per MCP method and side for MCP spans: calls, errors, error rate, latency p50/p95")
            .Produces<ToolListDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <summary>
    /// <c>GET /api/v1/agents?from&amp;to&amp;service</c> (default: the last 24 hours, every service): the invoke_agent
    /// spans that started in [from, to), per agent name and version, with the model calls under each run.
    /// </summary>
    private static async Task<IResult> ListAgents(HttpContext context, AgentToolQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseText(q, "service", out var service, out var error) || !TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var rows = await queries.AgentsAsync(context.ProjectId(), from, to, service, ct);
        return Results.Ok(new AgentListDto(from, to, service, [.. rows.Select(AgentStatsDto.From)]));
    }

    /// <summary>
    /// <c>GET /api/v1/tools?from&amp;to&amp;service</c> (default: the last 24 hours, every service): tool and MCP spans that
    /// started in [from, to), per tool name, MCP method and side.
    /// </summary>
    private static async Task<IResult> ListTools(HttpContext context, AgentToolQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseText(q, "service", out var service, out var error) || !TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var rows = await queries.ToolsAsync(context.ProjectId(), from, to, service, ct);
        return Results.Ok(new ToolListDto(from, to, service, [.. rows.Select(ToolStatsDto.From)]));
    }
}

/// <summary><c>GET /api/v1/agents</c>: agents over [from, to), most inclusive cost first.</summary>
public sealed record AgentListDto(DateTime From, DateTime To, string? Service, IReadOnlyList<AgentStatsDto> Data);

/// <summary>
/// One agent name and version (null when the spans named none). <see cref="Runs"/> invoke_agent spans;
/// <see cref="ModelCalls"/>, tokens and <see cref="CostUsd"/> are inclusive: every model call under a run, nested
/// agents' included (so a nested agent's calls also count for its parent agent), agent spans' repeated usage never;
/// <see cref="UnknownCostCalls"/> of those calls have no cost. <see cref="ErrorRate"/> is failed runs over runs.
/// <see cref="ToolCalls"/> counts execute_tool spans under the runs (an MCP call once). <see cref="Models"/> is the mix
/// of models the calls used, most calls first.
/// </summary>
public sealed record AgentStatsDto(
    string? Name, string? Version, long Runs, long Errors, decimal? ErrorRate, PercentilesDto LatencyMs, long ModelCalls,
    long InputTokens, long OutputTokens, decimal CostUsd, long UnknownCostCalls, long ToolCalls, IReadOnlyList<AgentModelStatsDto> Models)
{
    public static AgentStatsDto From(AgentRow r) => new(
        r.AgentName, r.AgentVersion, r.Runs, r.Errors, r.Runs == 0 ? null : Math.Round((decimal)r.Errors / r.Runs, 6),
        new PercentilesDto(r.LatencyP50Ms, r.LatencyP95Ms, null), r.ModelCalls, r.InputTokens, r.OutputTokens, r.CostUsd,
        r.UnknownCostCalls, r.ToolCalls, [.. r.Models.Select(m => new AgentModelStatsDto(m.Model, m.Calls, m.CostUsd))]);
}

/// <summary>One model of an agent's mix: calls and their known cost.</summary>
public sealed record AgentModelStatsDto(string? Model, long Calls, decimal CostUsd);

/// <summary><c>GET /api/v1/tools</c>: tools over [from, to), most calls first.</summary>
public sealed record ToolListDto(DateTime From, DateTime To, string? Service, IReadOnlyList<ToolStatsDto> Data);

/// <summary>
/// One tool (<see cref="Name"/>, null for an MCP request that names none, e.g. resources/read), per
/// <see cref="McpMethod"/> and <see cref="Side"/> (client, server or internal) for MCP spans, both null otherwise: the
/// client and server spans of one MCP call are one call each on their own side. Errors are spans with status ERROR or
/// an error.type (MCP's tool_error included).
/// </summary>
public sealed record ToolStatsDto(
    string? Name, string? McpMethod, string? Side, long Calls, long Errors, decimal? ErrorRate, PercentilesDto LatencyMs)
{
    public static ToolStatsDto From(ToolRow r) => new(
        r.ToolName, r.McpMethod, r.Side, r.Calls, r.Errors, r.Calls == 0 ? null : Math.Round((decimal)r.Errors / r.Calls, 6),
        new PercentilesDto(r.LatencyP50Ms, r.LatencyP95Ms, null));
}
