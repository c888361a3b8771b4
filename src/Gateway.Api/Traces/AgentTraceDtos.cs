using Observatory.Core.Llm;
using Observatory.Core.Traces;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>The agent (or workflow) a span is or runs as: gen_ai.agent.*, gen_ai.workflow.name, gen_ai.data_source.id.</summary>
public sealed record AgentDto(string? Id, string? Name, string? Description, string? Version, string? WorkflowName, string? DataSourceId);

/// <summary>
/// The tool a span executes: gen_ai.tool.*; <see cref="Arguments"/> and <see cref="Result"/> are content (null when the
/// project does not capture content, redacted like the prompt); <see cref="Parameters"/> is the tool's parameter schema.
/// </summary>
public sealed record ToolDto(
    string? Name, string? Type, string? CallId, string? Description, string? Parameters, string? Arguments, string? Result);

/// <summary>
/// The MCP request a span is one side of. <see cref="Peer"/> is the span id of the other side (the server span of a
/// client span and back) when both are in the trace.
/// </summary>
public sealed record McpDto(
    string Method, string? ProtocolVersion, string? ResourceUri, string? SessionId, string? RequestId, string? ResponseStatusCode,
    string? ErrorType, string? Peer);

/// <summary>Model calls summed under an agent span: known tokens and cost, and how many calls have an unknown cost.</summary>
public sealed record AgentUsageDto(int ModelCalls, long InputTokens, long OutputTokens, decimal CostUsd, int UnknownCostCalls)
{
    public static AgentUsageDto From(AgentUsage u) => new(u.ModelCalls, u.InputTokens, u.OutputTokens, u.CostUsd, u.UnknownCostCalls);
}

/// <summary>
/// An agent or workflow span's usage: <see cref="Own"/> the model calls whose nearest agent ancestor it is,
/// <see cref="Inclusive"/> all model calls under it (nested agents included).
/// </summary>
public sealed record AgentRollupDto(AgentUsageDto Own, AgentUsageDto Inclusive);

/// <summary>The agent tree of one trace: each agent span's rollup and each MCP span's peer, computed over all its spans.</summary>
public sealed class AgentTraceView
{
    private readonly IReadOnlyDictionary<string, AgentSpanUsage> rollups;
    private readonly IReadOnlyDictionary<string, string> peers;

    public AgentTraceView(IReadOnlyList<StoredSpan> spans)
    {
        rollups = AgentRollup.Compute(spans.Select(s =>
        {
            var facts = s.ToFacts();
            return new AgentRollupSpan(s.SpanId, s.ParentSpanId, s.IsLlm ? s.Operation : null, facts.IsLlm, facts.InputTokens,
                facts.OutputTokens, facts.CostUsd, facts.Model);
        }).ToList());
        peers = McpPeers.Pair(spans
            .Where(s => s.Agent?.McpMethod is not null)
            .Select(s => new McpRequestSpan(s.SpanId, s.ParentSpanId, s.Kind, s.Agent!.McpMethod!, s.Agent.McpSessionId, s.Agent.JsonRpcRequestId))
            .ToList());
    }

    /// <summary>The span's DTO with its agent, tool, MCP and rollup objects set where they apply.</summary>
    public SpanDto Decorate(SpanDto dto, StoredSpan span)
    {
        var f = span.Agent;
        var operation = span.IsLlm ? span.Operation : null;
        var isAgent = AgentRollup.IsAgentLevel(operation) || operation == OperationCreateAgent;
        var agent = f is not null && (f.AgentId ?? f.AgentName ?? f.AgentDescription ?? f.AgentVersion ?? f.WorkflowName ?? f.DataSourceId) is not null
            ? new AgentDto(f.AgentId, f.AgentName, f.AgentDescription, f.AgentVersion, f.WorkflowName, f.DataSourceId)
            : isAgent ? new AgentDto(null, null, null, null, null, null) : null;
        var tool = f is not null && (f.ToolName ?? f.ToolType ?? f.ToolCallId ?? f.ToolDescription ?? f.ToolArguments ?? f.ToolResult) is not null
            ? new ToolDto(f.ToolName, f.ToolType, f.ToolCallId, f.ToolDescription, f.ToolParameters, f.ToolArguments, f.ToolResult)
            : operation == OperationExecuteTool ? new ToolDto(null, null, null, null, null, null, null) : null;
        var mcp = f?.McpMethod is { } method
            ? new McpDto(method, f.McpProtocolVersion, f.McpResourceUri, f.McpSessionId, f.JsonRpcRequestId, f.RpcResponseStatusCode,
                span.ErrorType, peers.GetValueOrDefault(span.SpanId))
            : null;
        var rollup = rollups.TryGetValue(span.SpanId, out var usage)
            ? new AgentRollupDto(AgentUsageDto.From(usage.Own), AgentUsageDto.From(usage.Inclusive))
            : null;
        return dto with { Agent = agent, Tool = tool, Mcp = mcp, Rollup = rollup };
    }

    private const string OperationCreateAgent = ConventionNames.OTelGenAiAgents.OperationCreateAgent;
    private const string OperationExecuteTool = ConventionNames.OTelGenAiAgents.OperationExecuteTool;
}
