namespace Observatory.Core.Redaction;

/// <summary>
/// The attribute keys every policy redacts unless it opts out (<see cref="RedactionPolicy.IncludeDefaultAttributeKeys"/>):
/// every content attribute of the conventions we read (DESIGN.md §4), plus the few keys whose whole value is personal
/// or secret. A trailing <c>*</c> makes a key a prefix pattern; <c>gen_ai.prompt.*</c> also matches <c>gen_ai.prompt</c>.
/// </summary>
/// <remarks>
/// <c>user.id</c>, <c>session.id</c> and <c>gen_ai.conversation.id</c> are deliberately absent: they are the dimensions
/// per-user cost is reported by. A project that must hide them adds them as whole-value <see cref="PiiKind.Identity"/>
/// keys in hash mode, which keeps them joinable.
/// </remarks>
public static class DefaultRedactedAttributes
{
    /// <summary>Keys whose text is scanned by the detectors: prompts, completions, tool I/O, retrieved documents.</summary>
    public static IReadOnlyList<string> ScannedKeys { get; } =
    [
        // OTel GenAI semconv ≥1.37 (JSON), tool calls, retrieval, evaluation.
        "gen_ai.input.messages",
        "gen_ai.output.messages",
        "gen_ai.system_instructions",
        "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result",
        "gen_ai.retrieval.query.text",
        "gen_ai.retrieval.documents",
        "gen_ai.evaluation.explanation",

        // OTel GenAI before v1.28 (attributes and the gen_ai.content.* span events); OpenLLMetry legacy gen_ai.prompt.N.*.
        "gen_ai.prompt.*",
        "gen_ai.completion.*",
        "gen_ai.user",

        // Per-message log events (v1.28–v1.36) carry their content in these attributes when not in the body.
        "content",
        "message.content",

        // OpenInference.
        "input.value",
        "output.value",
        "llm.input_messages.*",
        "llm.output_messages.*",
        "llm.prompts.*",
        "llm.choices.*",
        "llm.prompt_template.variables",
        "retrieval.documents.*",
        "reranker.query",
        "reranker.input_documents.*",
        "reranker.output_documents.*",
        "embedding.embeddings.*",

        // OpenLLMetry / Traceloop.
        "traceloop.entity.input",
        "traceloop.entity.output",
        "traceloop.prompt.template_variables",
        "llm.headers",
        "llm.user",

        // Vercel AI SDK ≤ v6.
        "ai.prompt.*",
        "ai.response.text",
        "ai.response.object",
        "ai.response.toolCalls",
        "ai.response.reasoning",
        "ai.toolCall.args",
        "ai.toolCall.result",

        // Langfuse SDK attributes.
        "langfuse.observation.input",
        "langfuse.observation.output",
        "langfuse.trace.input",
        "langfuse.trace.output",

        // General semconv keys that routinely carry addresses, query strings or messages with user data.
        "client.address",
        "network.peer.address",
        "http.client_ip",
        "url.full",
        "url.query",
        "http.url",
        "exception.message",
    ];

    /// <summary>Keys whose whole value is replaced, whatever it looks like, as the given kind.</summary>
    public static IReadOnlyDictionary<string, PiiKind> WholeValueKeys { get; } = new Dictionary<string, PiiKind>(StringComparer.Ordinal)
    {
        ["http.request.header.authorization"] = PiiKind.Secret,
        ["http.request.header.proxy-authorization"] = PiiKind.Secret,
        ["http.request.header.cookie"] = PiiKind.Secret,
        ["http.response.header.set-cookie"] = PiiKind.Secret,
        ["http.request.header.x-api-key"] = PiiKind.Secret,
        ["http.request.header.api-key"] = PiiKind.Secret,
        ["http.request.header.x-goog-api-key"] = PiiKind.Secret,
        ["user.email"] = PiiKind.Email,
        ["enduser.id"] = PiiKind.Identity,
        ["user.name"] = PiiKind.Identity,
        ["user.full_name"] = PiiKind.Identity,
    };
}
