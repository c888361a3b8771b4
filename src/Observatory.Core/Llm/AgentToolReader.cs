using Observatory.Core.Spans;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>
/// Reads <see cref="AgentToolFacts"/> from a span in one pass over its attributes. The OTel GenAI and MCP names come
/// first; the frameworks' own names fill what they leave unknown: OpenInference agent.name / tool.name /
/// tool.parameters (with input.value and output.value as a TOOL span's arguments and result), OpenLLMetry's
/// traceloop.entity.name read as the agent, tool or workflow name by traceloop.span.kind (entity input and output as
/// a tool's arguments and result) and traceloop.workflow.name, the Vercel AI SDK's ai.toolCall.*.
/// </summary>
public static class AgentToolReader
{
    /// <summary>The agent and tool facts of a span, or null when it carries none.</summary>
    /// <param name="span">The span, already redacted under the project's policy.</param>
    /// <param name="captureContent">False leaves the tool's arguments and result unread.</param>
    public static AgentToolFacts? Read(SpanData span, bool captureContent)
    {
        Values v = default;
        var attributes = span.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (name, value) = attributes[i];
            switch (name)
            {
                case OTelGenAiAgents.AgentId: v.AgentId = value; break;
                case OTelGenAiAgents.AgentName: v.AgentName = value; break;
                case OTelGenAiAgents.AgentDescription: v.AgentDescription = value; break;
                case OTelGenAiAgents.AgentVersion: v.AgentVersion = value; break;
                case OTelGenAiAgents.WorkflowName: v.WorkflowName = value; break;
                case OTelGenAiAgents.ToolName: v.ToolName = value; break;
                case OTelGenAiAgents.ToolType: v.ToolType = value; break;
                case OTelGenAiAgents.ToolCallId: v.ToolCallId = value; break;
                case OTelGenAiAgents.ToolDescription: v.ToolDescription = value; break;
                case OTelGenAiAgents.ToolCallArguments: v.ToolArguments = value; break;
                case OTelGenAiAgents.ToolCallResult: v.ToolResult = value; break;
                case OTelGenAiAgents.DataSourceId: v.DataSourceId = value; break;
                case Mcp.MethodName: v.McpMethod = value; break;
                case Mcp.ProtocolVersion: v.McpProtocolVersion = value; break;
                case Mcp.ResourceUri: v.McpResourceUri = value; break;
                case Mcp.SessionId: v.McpSessionId = value; break;
                case Mcp.JsonRpcRequestId: v.JsonRpcRequestId = value; break;
                case Mcp.RpcResponseStatusCode: v.RpcResponseStatusCode = value; break;
                case FrameworkAgents.OpenInferenceAgentName: v.OiAgentName = value; break;
                case FrameworkAgents.OpenInferenceToolName: v.OiToolName = value; break;
                case FrameworkAgents.OpenInferenceToolDescription: v.OiToolDescription = value; break;
                case FrameworkAgents.OpenInferenceToolParameters: v.OiToolParameters = value; break;
                case FrameworkAgents.OpenInferenceToolJsonSchema: v.OiToolJsonSchema = value; break;
                case FrameworkAgents.OpenInferenceToolCallId: v.OiToolCallId = value; break;
                case FrameworkAgents.OpenInferenceInputValue: v.OiInput = value; break;
                case FrameworkAgents.OpenInferenceOutputValue: v.OiOutput = value; break;
                case OpenInference.SpanKind: v.OiKind = value; break;
                case OpenLlmetry.SpanKind: v.TraceloopKind = value; break;
                case OpenLlmetry.EntityName: v.TraceloopEntity = value; break;
                case OpenLlmetry.EntityInput: v.TraceloopInput = value; break;
                case OpenLlmetry.EntityOutput: v.TraceloopOutput = value; break;
                case FrameworkAgents.TraceloopWorkflowName: v.TraceloopWorkflow = value; break;
                case FrameworkAgents.VercelToolCallName: v.VercelToolName = value; break;
                case FrameworkAgents.VercelToolCallId: v.VercelToolCallId = value; break;
                case FrameworkAgents.VercelToolCallArgs: v.VercelArgs = value; break;
                case FrameworkAgents.VercelToolCallResult: v.VercelResult = value; break;
            }
        }

        var oiKind = LooseValues.ReadText(v.OiKind)?.ToUpperInvariant();
        var traceloopKind = LooseValues.ReadText(v.TraceloopKind)?.ToLowerInvariant();
        var oiAgent = oiKind == OpenInference.SpanKindAgent;
        var oiTool = oiKind == OpenInference.SpanKindTool;
        var traceloopEntity = LooseValues.ReadText(v.TraceloopEntity);

        var facts = new AgentToolFacts
        {
            AgentId = Identifier(v.AgentId),
            // An OpenInference AGENT span without agent.name is named after its agent.
            AgentName = Identifier(v.AgentName) ?? Identifier(v.OiAgentName)
                ?? (traceloopKind == "agent" ? Identifier(traceloopEntity) : null)
                ?? (oiAgent ? Identifier(span.Name) : null),
            AgentDescription = Text(v.AgentDescription),
            AgentVersion = Identifier(v.AgentVersion),
            WorkflowName = Identifier(v.WorkflowName) ?? Identifier(v.TraceloopWorkflow)
                ?? (traceloopKind == "workflow" ? Identifier(traceloopEntity) : null),
            ToolName = Identifier(v.ToolName) ?? Identifier(v.OiToolName)
                ?? (traceloopKind == "tool" ? Identifier(traceloopEntity) : null)
                ?? Identifier(v.VercelToolName)
                ?? (oiTool ? Identifier(span.Name) : null),
            ToolType = Identifier(v.ToolType),
            ToolCallId = Identifier(v.ToolCallId) ?? Identifier(v.OiToolCallId) ?? Identifier(v.VercelToolCallId),
            ToolDescription = Text(v.ToolDescription) ?? Text(v.OiToolDescription),
            ToolParameters = Text(v.OiToolParameters) ?? Text(v.OiToolJsonSchema),
            ToolArguments = !captureContent ? null
                : Content(v.ToolArguments) ?? (oiTool ? Content(v.OiInput) : null)
                    ?? (traceloopKind == "tool" ? Content(v.TraceloopInput) : null) ?? Content(v.VercelArgs),
            ToolResult = !captureContent ? null
                : Content(v.ToolResult) ?? (oiTool ? Content(v.OiOutput) : null)
                    ?? (traceloopKind == "tool" ? Content(v.TraceloopOutput) : null) ?? Content(v.VercelResult),
            DataSourceId = Identifier(v.DataSourceId),
            McpMethod = Identifier(v.McpMethod),
            McpProtocolVersion = Identifier(v.McpProtocolVersion),
            McpResourceUri = Identifier(v.McpResourceUri),
            McpSessionId = Identifier(v.McpSessionId),
            JsonRpcRequestId = Identifier(v.JsonRpcRequestId),
            RpcResponseStatusCode = Identifier(v.RpcResponseStatusCode),
        };

        return facts == Empty ? null : facts;
    }

    private static readonly AgentToolFacts Empty = new();

    private static string? Identifier(object? value) =>
        LooseValues.ReadText(value) is { } text ? FactLimits.Identifier(StorableText.From(text)) : null;

    // Descriptions and schemas are free text: capped like content, never like an identifier.
    private static string? Text(object? value) => LooseValues.ReadText(value) is { } text ? LlmContent.Cap(text) : null;

    // Arguments and results arrive as JSON text, or as an OTLP map or list from instrumentations that send structure.
    private static string? Content(object? value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => LlmContent.Cap(s),
        IReadOnlyList<KeyValuePair<string, object?>> or IReadOnlyList<object?> => LlmContent.Cap(ContentJson(value)),
        long or double or bool => LlmContent.Cap(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!),
        _ => null,
    };

    private static string ContentJson(object value) => new AttributeJsonWriter(LlmContent.MaxBytes).WriteSingle(value);

    private struct Values
    {
        public object? AgentId, AgentName, AgentDescription, AgentVersion, WorkflowName, ToolName, ToolType, ToolCallId,
            ToolDescription, ToolArguments, ToolResult, DataSourceId, McpMethod, McpProtocolVersion, McpResourceUri,
            McpSessionId, JsonRpcRequestId, RpcResponseStatusCode, OiAgentName, OiToolName, OiToolDescription,
            OiToolParameters, OiToolJsonSchema, OiToolCallId, OiInput, OiOutput, OiKind, TraceloopKind, TraceloopEntity,
            TraceloopInput, TraceloopOutput, TraceloopWorkflow, VercelToolName, VercelToolCallId, VercelArgs, VercelResult;
    }
}
