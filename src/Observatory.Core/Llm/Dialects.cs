namespace Observatory.Core.Llm;

/// <summary>
/// The convention a span speaks (<see cref="LlmFacts.Dialect"/>): which attribute names it uses.
/// </summary>
/// <remarks>
/// <para>Detection is deterministic: a span may mix names (OpenInference with OPENINFERENCE_ENABLE_GENAI_SEMCONV,
/// Vercel doGenerate spans that repeat gen_ai.*, OpenLLMetry ≥0.55 that writes current gen_ai.*), so the dialect is the
/// one whose strongest marker is present, checked in this order, first match wins:</para>
/// <list type="number">
/// <item><see cref="OpenInference"/>: openinference.span.kind (every OpenInference instrumentor sets it).</item>
/// <item><see cref="VercelAi"/>: any ai.* attribute (ai.operationId, ai.model.id, ai.usage.*, ai.telemetry.*).</item>
/// <item><see cref="OpenLlmetry"/>: any traceloop.* attribute, gen_ai.prompt.{i}.* / gen_ai.completion.{i}.*,
/// llm.request.type, llm.is_streaming or gen_ai.is_streaming.</item>
/// <item><see cref="MicrosoftExtensionsAi"/>: instrumentation scope Experimental.Microsoft.Extensions.AI,
/// Microsoft.Extensions.AI, (Experimental.)Microsoft.Agents.AI or Microsoft.SemanticKernel*, or
/// gen_ai.response.finish_reasons sent as a JSON-encoded string, unless the scope is Spring Boot's org.springframework.boot
/// (Spring AI's observations, whose values are all strings, write them the same way).</item>
/// <item><see cref="ObservatorySdk"/>: llm.model, llm.operation, llm.request.model, llm.response.model,
/// llm.usage.prompt_tokens / completion_tokens, llm.cost.total_usd, llm.latency.ttft_ms, llm.metrics.ttft_ms,
/// llm.user.id, llm.session.id, llm.prompt, llm.completion, llm.response.finish_reason.</item>
/// <item><see cref="OpenLlmetry"/> (weak): llm.usage.total_tokens without any marker above.</item>
/// <item><see cref="OTelGenAi"/>: gen_ai.provider.name or another name new in v1.37+ (input/output messages,
/// system instructions, cache_read./cache_creation.input_tokens, reasoning.output_tokens, time_to_first_chunk).</item>
/// <item><see cref="OTelGenAiLegacy"/>: gen_ai.system, gen_ai.usage.prompt_tokens / completion_tokens, the pre-1.40
/// cache names, gen_ai.openai.*, gen_ai.prompt / gen_ai.completion, or a deprecated content span event.</item>
/// <item><see cref="OTelGenAi"/>: any other gen_ai.* name (operation, request model, input/output tokens).</item>
/// <item><see cref="OpenInference"/> (weak): llm.model_name, llm.token_count.*, llm.invocation_parameters,
/// llm.input_messages.* without a span kind.</item>
/// <item><see cref="ObservatorySdk"/> (weak): llm.provider or llm.system alone.</item>
/// </list>
/// <para>Token inclusivity is not a property of the dialect: whether input includes the cache and output the reasoning
/// depends on the instrumentation and the provider (Bedrock Converse input excludes the cache through every
/// instrumentation that passes it on; Gemini's candidatesTokenCount excludes thoughts). It is decided per emitter by
/// <see cref="Emitters.EmitterTable"/>; normalized facts always mean input with cache, output with reasoning.</para>
/// </remarks>
public static class Dialects
{
    /// <summary>OTel GenAI semconv with current (v1.37+) names.</summary>
    public const string OTelGenAi = "otel-genai";

    /// <summary>OTel GenAI semconv with only pre-1.37 / pre-1.40 names (gen_ai.system, prompt_tokens, …).</summary>
    public const string OTelGenAiLegacy = "otel-genai-legacy";

    /// <summary>OpenLLMetry / Traceloop SDK, current and legacy.</summary>
    public const string OpenLlmetry = "openllmetry";

    /// <summary>OpenInference (Arize Phoenix instrumentors).</summary>
    public const string OpenInference = "openinference";

    /// <summary>Microsoft.Extensions.AI OpenTelemetryChatClient, Microsoft Agent Framework, Semantic Kernel.</summary>
    public const string MicrosoftExtensionsAi = "ms-extensions-ai";

    /// <summary>Vercel AI SDK ≤v6 (ai.*).</summary>
    public const string VercelAi = "vercel-ai";

    /// <summary>The original LLM Observatory SDKs (llm.provider, llm.model, llm.usage.*_tokens, llm.cost.total_usd, …).</summary>
    public const string ObservatorySdk = "llm-observatory-sdk";

    /// <summary>Every dialect value.</summary>
    public static IReadOnlyList<string> All { get; } =
        [OTelGenAi, OTelGenAiLegacy, OpenLlmetry, OpenInference, MicrosoftExtensionsAi, VercelAi, ObservatorySdk];
}
