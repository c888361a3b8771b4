using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Llm;

namespace Observatory.Storage.Traces;

/// <summary>
/// The <c>spans</c> columns of <see cref="AgentToolFacts"/> (migration 0260): the one place that names them, for the
/// span COPY and for reading a trace back. Read by column name, so other columns may be added around them.
/// </summary>
public static class AgentToolColumns
{
    private static readonly string[] Names =
    [
        "agent_id", "agent_name", "agent_description", "agent_version", "workflow_name", "tool_name", "tool_type", "tool_call_id",
        "tool_description", "tool_parameters", "tool_arguments", "tool_result", "data_source_id", "mcp_method",
        "mcp_protocol_version", "mcp_resource_uri", "mcp_session_id", "jsonrpc_request_id", "rpc_response_status_code",
    ];

    /// <summary>The column names, comma separated, in <see cref="Values"/>' order.</summary>
    public static string List { get; } = string.Join(", ", Names);

    private static string?[] Values(AgentToolFacts? f) =>
    [
        f?.AgentId, f?.AgentName, f?.AgentDescription, f?.AgentVersion, f?.WorkflowName, f?.ToolName, f?.ToolType, f?.ToolCallId,
        f?.ToolDescription, f?.ToolParameters, f?.ToolArguments, f?.ToolResult, f?.DataSourceId, f?.McpMethod,
        f?.McpProtocolVersion, f?.McpResourceUri, f?.McpSessionId, f?.JsonRpcRequestId, f?.RpcResponseStatusCode,
    ];

    /// <summary>Writes the columns of one row of a binary COPY that lists <see cref="List"/>.</summary>
    public static async Task WriteAsync(NpgsqlBinaryImporter importer, AgentToolFacts? facts, CancellationToken ct)
    {
        if (facts is null)
        {
            for (var i = 0; i < Names.Length; i++)
            {
                await importer.WriteNullAsync(ct);
            }

            return;
        }

        foreach (var value in Values(facts))
        {
            if (value is null)
            {
                await importer.WriteNullAsync(ct);
            }
            else
            {
                await importer.WriteAsync(value, NpgsqlDbType.Text, ct);
            }
        }
    }

    /// <summary>The facts of the current row of a reader that selected <see cref="List"/>; null when all are NULL.</summary>
    public static AgentToolFacts? Read(NpgsqlDataReader reader)
    {
        var first = reader.GetOrdinal(Names[0]);
        string? At(int i) => reader.IsDBNull(first + i) ? null : reader.GetString(first + i);
        var facts = new AgentToolFacts
        {
            AgentId = At(0),
            AgentName = At(1),
            AgentDescription = At(2),
            AgentVersion = At(3),
            WorkflowName = At(4),
            ToolName = At(5),
            ToolType = At(6),
            ToolCallId = At(7),
            ToolDescription = At(8),
            ToolParameters = At(9),
            ToolArguments = At(10),
            ToolResult = At(11),
            DataSourceId = At(12),
            McpMethod = At(13),
            McpProtocolVersion = At(14),
            McpResourceUri = At(15),
            McpSessionId = At(16),
            JsonRpcRequestId = At(17),
            RpcResponseStatusCode = At(18),
        };
        return facts == Empty ? null : facts;
    }

    private static readonly AgentToolFacts Empty = new();
}
