using Observatory.Core.Llm;
using Observatory.Core.Spans;
using static Observatory.Core.Tests.Llm.Emitters.EmitterCase;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>
/// The decisions a row makes that its one realistic case does not show alone: the same numbers read differently by
/// emitter, provider or model, each built from what the cited source writes.
/// </summary>
public class EmitterDecisionTests
{
    [Fact]
    public void OpenInference_Bedrock_InvokeModel_of_Nova_is_exclusive_like_Converse_and_of_Claude_inclusive()
    {
        // utils/_extract_invoke_model_attributes.py _set_nova_body_token_attributes: the Nova body's inputTokens, the
        // cache counts (cacheRead/WriteInputTokenCount) only in prompt_details.
        var nova = SpanNormalizer.Normalize(Span("openinference.instrumentation.bedrock", "bedrock.invoke_model", SpanKind.Internal,
            ("openinference.span.kind", "LLM"), ("llm.provider", "aws"), ("llm.model_name", "amazon.nova-lite-v1:0"),
            ("llm.token_count.prompt", 300L), ("llm.token_count.completion", 80L), ("llm.token_count.total", 380L),
            ("llm.token_count.prompt_details.cache_read", 2_000L)))!;
        var claude = SpanNormalizer.Normalize(EmitterCases.ByEmitter["openinference-bedrock-invoke-model"].Payload)!;

        Assert.Equal(("openinference-bedrock-converse", 2_300L), (nova.Emitter, nova.InputTokens));
        Assert.Equal(("openinference-bedrock-invoke-model", 5_420L), (claude.Emitter, claude.InputTokens));
    }

    [Fact]
    public void Spring_AI_input_includes_the_cache_for_OpenAI_but_not_for_Anthropic()
    {
        // DefaultChatModelObservationConvention writes Usage.getPromptTokens(): OpenAI's prompt_tokens, Anthropic's input_tokens.
        SpanData Spring(string system) => Span("org.springframework.boot", "chat", SpanKind.Client,
            ("gen_ai.operation.name", "chat"), ("gen_ai.system", system), ("gen_ai.usage.input_tokens", "2048"),
            ("gen_ai.usage.output_tokens", "300"), ("gen_ai.usage.cache_read.input_tokens", "1536"));

        var openai = SpanNormalizer.Normalize(Spring("openai"))!;
        var anthropic = SpanNormalizer.Normalize(Spring("anthropic"))!;

        Assert.Equal(("spring-ai", 2_048L), (openai.Emitter, openai.InputTokens));
        Assert.Equal(("spring-ai-anthropic", 2_048L + 1_536L), (anthropic.Emitter, anthropic.InputTokens));
        Assert.Equal(Dialects.OTelGenAi, openai.Dialect);
    }

    [Fact]
    public void Spring_AI_none_model_is_no_model()
    {
        var facts = SpanNormalizer.Normalize(EmitterCases.ByEmitter["spring-ai-bedrock-converse"].Payload)!;

        Assert.Equal((null, "amazon.nova-pro-v1:0"), (facts.ResponseModel, facts.Model));
    }

    [Fact]
    public void Gemini_thinking_comes_from_the_total_only_where_the_emitter_counts_it_there()
    {
        (string, object?)[] usage =
        [
            ("gen_ai.system", "Google"), ("llm.request.type", "completion"), ("gen_ai.request.model", "gemini-2.5-flash"),
            ("llm.usage.total_tokens", 3_890L), ("gen_ai.usage.output_tokens", 410L), ("gen_ai.usage.input_tokens", 1_200L),
        ];
        var thinking = SpanNormalizer.Normalize(Span("opentelemetry.instrumentation.google_generativeai", "gemini.generate_content", SpanKind.Client, usage))!;
        var unknown = SpanNormalizer.Normalize(Span("acme.gemini-client", "gemini.generate_content", SpanKind.Client, usage))!;
        var noThinking = SpanNormalizer.Normalize(Span("opentelemetry.instrumentation.google_generativeai", "gemini.generate_content", SpanKind.Client,
            ("gen_ai.system", "Google"), ("gen_ai.request.model", "gemini-2.0-flash"), ("llm.usage.total_tokens", 1_610L),
            ("gen_ai.usage.output_tokens", 410L), ("gen_ai.usage.input_tokens", 1_200L)))!;

        Assert.Equal((2_690L, 2_280L), (thinking.OutputTokens, thinking.ReasoningOutputTokens));
        Assert.Equal((410L, (long?)null, TokenInclusivity.Guessed), (unknown.OutputTokens, unknown.ReasoningOutputTokens, unknown.Inclusivity));
        Assert.Equal((410L, (long?)null), (noThinking.OutputTokens, noThinking.ReasoningOutputTokens));
    }

    [Fact]
    public void OpenAI_Agents_trace_and_agent_spans_are_shown_but_never_model_calls()
    {
        // _processor.py on_trace_start / _get_span_kind: the trace root and agent spans are AGENT, handoffs and tools TOOL.
        var root = SpanNormalizer.Normalize(Span("openinference.instrumentation.openai_agents", "Agent workflow", SpanKind.Internal,
            ("openinference.span.kind", "AGENT")))!;
        var agent = SpanNormalizer.Normalize(Span("openinference.instrumentation.openai_agents", "Support agent", SpanKind.Internal,
            ("openinference.span.kind", "AGENT"), ("llm.system", "openai")))!;
        var handoff = SpanNormalizer.Normalize(Span("openinference.instrumentation.openai_agents", "handoff to Billing", SpanKind.Internal,
            ("openinference.span.kind", "TOOL"), ("llm.system", "openai")))!;

        Assert.All(new[] { root, agent, handoff }, f => Assert.False(f.IsModelCall));
        Assert.Equal(("invoke_agent", "invoke_agent", "execute_tool"), (root.Operation, agent.Operation, handoff.Operation));
    }
}
