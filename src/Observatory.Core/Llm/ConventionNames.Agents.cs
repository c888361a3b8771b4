namespace Observatory.Core.Llm;

public static partial class ConventionNames
{
    /// <summary>
    /// Agent, workflow, tool and data-source identity of the OTel GenAI conventions (gen-ai-agent-spans.md, execute_tool
    /// in gen-ai-spans.md, registry/attributes/gen-ai.md), with the agent-level operation names beside the model calls.
    /// </summary>
    public static class OTelGenAiAgents
    {
        public const string AgentId = "gen_ai.agent.id";
        public const string AgentName = "gen_ai.agent.name";
        public const string AgentDescription = "gen_ai.agent.description";
        public const string AgentVersion = "gen_ai.agent.version";
        public const string WorkflowName = "gen_ai.workflow.name";
        public const string ToolName = "gen_ai.tool.name";

        /// <summary>function, extension or datastore.</summary>
        public const string ToolType = "gen_ai.tool.type";

        public const string ToolCallId = "gen_ai.tool.call.id";
        public const string ToolDescription = "gen_ai.tool.description";

        /// <summary>JSON of the arguments the model passed to the tool: content, captured only when content capture is on.</summary>
        public const string ToolCallArguments = "gen_ai.tool.call.arguments";

        /// <summary>JSON (or text) the tool returned: content, as <see cref="ToolCallArguments"/>.</summary>
        public const string ToolCallResult = "gen_ai.tool.call.result";

        public const string DataSourceId = "gen_ai.data_source.id";

        public const string OperationInvokeAgent = "invoke_agent";
        public const string OperationCreateAgent = "create_agent";
        public const string OperationExecuteTool = "execute_tool";

        /// <summary>Agent planning and memory operations: agent-level work, never model calls.</summary>
        public static readonly string[] PlanAndMemoryOperations =
            ["plan", "create_memory", "search_memory", "update_memory", "delete_memory"];
    }

    /// <summary>Model Context Protocol semantic conventions (mcp.md): one span per JSON-RPC request, client and server side.</summary>
    public static class Mcp
    {
        /// <summary>tools/call, resources/read, prompts/get, initialize, …</summary>
        public const string MethodName = "mcp.method.name";

        public const string ProtocolVersion = "mcp.protocol.version";
        public const string ResourceUri = "mcp.resource.uri";
        public const string SessionId = "mcp.session.id";

        /// <summary>A string or an integer on the wire.</summary>
        public const string JsonRpcRequestId = "jsonrpc.request.id";

        /// <summary>The JSON-RPC error code of a failed request, as a string ("-32602").</summary>
        public const string RpcResponseStatusCode = "rpc.response.status_code";

        /// <summary>error.type of a tools/call whose result had isError: true.</summary>
        public const string ToolErrorType = "tool_error";

        public const string ToolsCallMethod = "tools/call";
    }

    /// <summary>Agent and tool identity in the framework conventions: OpenInference, OpenLLMetry and the Vercel AI SDK.</summary>
    public static class FrameworkAgents
    {
        /// <summary>OpenInference: the agent a span belongs to.</summary>
        public const string OpenInferenceAgentName = "agent.name";

        public const string OpenInferenceToolName = "tool.name";
        public const string OpenInferenceToolDescription = "tool.description";

        /// <summary>OpenInference: the tool's parameters as a JSON schema.</summary>
        public const string OpenInferenceToolParameters = "tool.parameters";

        public const string OpenInferenceToolJsonSchema = "tool.json_schema";
        public const string OpenInferenceToolCallId = "tool_call.id";

        /// <summary>OpenInference: a span's input and output, the tool's arguments and result on a TOOL span.</summary>
        public const string OpenInferenceInputValue = "input.value";

        public const string OpenInferenceOutputValue = "output.value";

        /// <summary>OpenLLMetry: the workflow a span runs in, on every span under a @workflow.</summary>
        public const string TraceloopWorkflowName = "traceloop.workflow.name";

        public const string VercelToolCallName = "ai.toolCall.name";
        public const string VercelToolCallId = "ai.toolCall.id";
        public const string VercelToolCallArgs = "ai.toolCall.args";
        public const string VercelToolCallResult = "ai.toolCall.result";
    }
}
