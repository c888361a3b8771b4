using Observatory.Core.Llm;

namespace Observatory.Core.Tests.Llm;

/// <summary>One operation vocabulary across dialects, and framework spans that never count as model calls.</summary>
public class OperationTests
{
    [Theory]
    [InlineData("gen_ai.operation.name", "chat", "chat")]
    [InlineData("gen_ai.operation.name", "text_completion", "text_completion")]
    [InlineData("gen_ai.operation.name", "generate_content", "generate_content")]
    [InlineData("gen_ai.operation.name", "embeddings", "embeddings")]
    [InlineData("gen_ai.operation.name", "execute_tool", "execute_tool")]
    [InlineData("gen_ai.operation.name", "invoke_agent", "invoke_agent")]
    [InlineData("gen_ai.operation.name", "invoke_workflow", "workflow")]
    [InlineData("gen_ai.operation.name", "chat.completions", "chat")]
    [InlineData("gen_ai.operation.name", "text.completions", "text_completion")]
    [InlineData("llm.request.type", "chat", "chat")]
    [InlineData("llm.request.type", "completion", "text_completion")]
    [InlineData("llm.request.type", "embedding", "embeddings")]
    [InlineData("llm.request.type", "rerank", "rerank")]
    [InlineData("llm.operation", "chat", "chat")]
    [InlineData("openinference.span.kind", "LLM", "chat")]
    [InlineData("openinference.span.kind", "llm", "chat")]
    [InlineData("openinference.span.kind", "EMBEDDING", "embeddings")]
    [InlineData("openinference.span.kind", "RERANKER", "rerank")]
    [InlineData("openinference.span.kind", "CHAIN", "workflow")]
    [InlineData("openinference.span.kind", "AGENT", "invoke_agent")]
    [InlineData("openinference.span.kind", "TOOL", "execute_tool")]
    [InlineData("openinference.span.kind", "RETRIEVER", "retrieval")]
    [InlineData("openinference.span.kind", "GUARDRAIL", "guardrail")]
    [InlineData("openinference.span.kind", "EVALUATOR", "evaluation")]
    [InlineData("traceloop.span.kind", "workflow", "workflow")]
    [InlineData("traceloop.span.kind", "task", "task")]
    [InlineData("traceloop.span.kind", "agent", "invoke_agent")]
    [InlineData("traceloop.span.kind", "tool", "execute_tool")]
    [InlineData("ai.operationId", "ai.generateText.doGenerate", "chat")]
    [InlineData("ai.operationId", "ai.streamText.doStream", "chat")]
    [InlineData("ai.operationId", "ai.generateObject.doGenerate", "chat")]
    [InlineData("ai.operationId", "ai.embed.doEmbed", "embeddings")]
    [InlineData("ai.operationId", "ai.embedMany.doEmbed", "embeddings")]
    [InlineData("ai.operationId", "ai.generateText", "workflow")]
    [InlineData("ai.operationId", "ai.streamText", "workflow")]
    [InlineData("ai.operationId", "ai.embed", "workflow")]
    [InlineData("ai.operationId", "ai.toolCall", "execute_tool")]
    public void Operations_are_read_in_the_OTel_vocabulary(string attribute, string value, string operation)
    {
        Assert.Equal(operation, SpanNormalizer.Normalize(TestSpans.With((attribute, value)))!.Operation);
    }

    [Theory]
    [InlineData("CHAIN", "workflow")]
    [InlineData("AGENT", "invoke_agent")]
    [InlineData("TOOL", "execute_tool")]
    public void An_OpenInference_framework_span_repeating_child_usage_keeps_its_facts_but_no_model_tokens_or_cost(string kind, string operation)
    {
        // LangChain's instrumentor repeats the child LLM span's model and token counts on the CHAIN/AGENT span.
        var span = TestSpans.With(
            ("openinference.span.kind", kind), ("llm.model_name", "gpt-4o"), ("llm.provider", "openai"),
            ("llm.token_count.prompt", 18L), ("llm.token_count.completion", 9L), ("llm.token_count.total", 27L), ("llm.cost.total", 0.01),
            ("input.value", "plan a trip"), ("output.value", "done"), ("session.id", "s-1"));

        var facts = SpanNormalizer.Read(span);

        DialectTests.AssertFacts(
            new LlmFacts { Dialect = Dialects.OpenInference, Provider = "openai", Operation = operation, Input = "plan a trip", Output = "done" },
            facts.Llm);
        Assert.False(facts.Llm!.IsModelCall);
        Assert.False(facts.Llm.HasUsage);
        Assert.Equal("s-1", facts.SessionId);
    }

    [Fact]
    public void The_outer_Vercel_span_sums_its_steps_so_it_is_not_a_model_call()
    {
        var outer = SpanNormalizer.Normalize(TestSpans.With(
            ("ai.operationId", "ai.generateText"), ("ai.model.id", "gpt-4o"), ("ai.model.provider", "openai.chat"),
            ("ai.usage.promptTokens", 900L), ("ai.usage.completionTokens", 120L), ("ai.response.text", "Final answer"), ("ai.response.finishReason", "stop")));

        DialectTests.AssertFacts(
            new LlmFacts { Dialect = Dialects.VercelAi, Provider = "openai", Operation = "workflow", FinishReasons = ["stop"], Output = "Final answer" },
            outer);
        Assert.False(outer!.IsModelCall);
    }

    [Fact]
    public void A_Traceloop_workflow_span_is_not_a_model_call()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("traceloop.span.kind", "workflow"), ("traceloop.entity.name", "support_flow"), ("traceloop.workflow.name", "support_flow")));

        DialectTests.AssertFacts(new LlmFacts { Dialect = Dialects.OpenLlmetry, Operation = "workflow" }, facts);
        Assert.False(facts!.IsModelCall);
    }

    [Theory]
    [InlineData("workflow", null, false)]
    [InlineData("task", null, false)]
    [InlineData("retrieval", null, false)]
    [InlineData("invoke_workflow", null, false)]
    [InlineData("execute_tool", null, false)]
    [InlineData("chat", null, true)]
    [InlineData("rerank", null, true)]
    [InlineData(null, null, true)]
    [InlineData("invoke_agent", "gpt-4o", false)]
    [InlineData("invoke_swarm", null, false)]
    [InlineData("generate_content", null, true)]
    [InlineData("embeddings", null, true)]
    [InlineData("some_vendor_call", "gpt-4o", true)]
    [InlineData("some_vendor_call", null, false)]
    public void Only_calls_to_a_model_count_as_model_calls(string? operation, string? model, bool counts)
    {
        Assert.Equal(counts, LlmFacts.CountsAsModelCall(operation, model));
    }

    [Fact]
    public void An_agent_span_that_carries_a_model_and_its_childrens_usage_keeps_them_but_is_not_a_model_call()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", 10L)));

        Assert.Equal(("invoke_agent", "gpt-4o", 10L, false), (facts!.Operation, facts.Model, facts.InputTokens!.Value, facts.IsModelCall));
    }

    [Theory]
    [InlineData("acompletion", "chat")]
    [InlineData("aembedding", "embeddings")]
    [InlineData("atext_completion", "text_completion")]
    public void LiteLLM_call_types_are_read_as_operations(string callType, string operation)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.operation.name", callType), ("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o")));

        Assert.Equal(operation, facts!.Operation);
    }
}
