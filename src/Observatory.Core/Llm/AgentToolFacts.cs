namespace Observatory.Core.Llm;

/// <summary>
/// Who did what on an agent, workflow, tool or MCP span: the identity of the agent and the tool, the tool call's
/// arguments and result, the MCP request. Null members are unknown. Content (<see cref="ToolArguments"/>,
/// <see cref="ToolResult"/>) obeys content capture and the project's redaction like <see cref="LlmFacts.Input"/>.
/// </summary>
public sealed record AgentToolFacts
{
    public string? AgentId { get; init; }
    public string? AgentName { get; init; }
    public string? AgentDescription { get; init; }
    public string? AgentVersion { get; init; }
    public string? WorkflowName { get; init; }
    public string? ToolName { get; init; }

    /// <summary>function, extension or datastore (gen_ai.tool.type).</summary>
    public string? ToolType { get; init; }

    public string? ToolCallId { get; init; }
    public string? ToolDescription { get; init; }

    /// <summary>The JSON schema of the tool's parameters (OpenInference tool.parameters / tool.json_schema).</summary>
    public string? ToolParameters { get; init; }

    /// <summary>The arguments the tool was called with; null when content capture is off.</summary>
    public string? ToolArguments { get; init; }

    /// <summary>What the tool returned; null when content capture is off.</summary>
    public string? ToolResult { get; init; }

    public string? DataSourceId { get; init; }

    /// <summary>mcp.method.name: tools/call, resources/read, …; non-null marks an MCP span.</summary>
    public string? McpMethod { get; init; }

    public string? McpProtocolVersion { get; init; }
    public string? McpResourceUri { get; init; }
    public string? McpSessionId { get; init; }

    /// <summary>jsonrpc.request.id as text (integers arrive as numbers).</summary>
    public string? JsonRpcRequestId { get; init; }

    /// <summary>rpc.response.status_code: the JSON-RPC error code of a failed request.</summary>
    public string? RpcResponseStatusCode { get; init; }

    /// <summary>True for an MCP request span.</summary>
    public bool IsMcp => McpMethod is not null;
}
