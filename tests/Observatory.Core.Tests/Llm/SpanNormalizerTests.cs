using Observatory.Core.Llm;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm;

public class SpanNormalizerTests
{
    /// <summary>Realistic attribute sets, one per convention and emitter, with the facts each must yield.</summary>
    private static readonly Dictionary<string, ((string, object?)[] Attributes, LlmFacts Expected)> Conventions = new()
    {
        ["OTel GenAI current (Microsoft.Extensions.AI, python-contrib openai-v2)"] = (
            [
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.provider.name", "openai"),
                ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.request.temperature", 0.2),
                ("gen_ai.request.max_tokens", 512L),
                ("gen_ai.response.id", "chatcmpl-AbC123"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 1200L),
                ("gen_ai.usage.output_tokens", 350L),
                ("gen_ai.usage.cache_read.input_tokens", 1024L),
                ("gen_ai.usage.reasoning.output_tokens", 0L),
                ("gen_ai.response.time_to_first_chunk", 0.42),
                ("server.address", "api.openai.com"),
                ("server.port", 443L),
            ],
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 1200,
                OutputTokens = 350,
                CacheReadInputTokens = 1024,
                ReasoningOutputTokens = 0,
                TimeToFirstTokenMs = 420,
                FinishReasons = ["stop"],
            }),
        ["OTel GenAI deprecated (gen_ai.system, prompt/completion tokens)"] = (
            [
                ("gen_ai.system", "openai"),
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o-mini"),
                ("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                ("gen_ai.usage.prompt_tokens", 52L),
                ("gen_ai.usage.completion_tokens", 12L),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
            ],
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o-mini",
                ResponseModel = "gpt-4o-mini-2024-07-18",
                InputTokens = 52,
                OutputTokens = 12,
                FinishReasons = ["stop"],
            }),
        ["OpenInference LLM (openai instrumentor, INTERNAL span)"] = (
            [
                ("openinference.span.kind", "LLM"),
                ("llm.provider", "openai"),
                ("llm.system", "openai"),
                ("llm.model_name", "gpt-4o-2024-08-06"),
                ("llm.invocation_parameters", "{\"temperature\": 0.1}"),
                ("llm.token_count.prompt", 18L),
                ("llm.token_count.completion", 9L),
                ("llm.token_count.total", 27L),
                ("llm.token_count.prompt_details.cache_read", 0L),
                ("input.value", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"),
                ("input.mime_type", "application/json"),
                ("llm.input_messages.0.message.role", "user"),
                ("llm.input_messages.0.message.content", "hi"),
                ("llm.output_messages.0.message.role", "assistant"),
            ],
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o-2024-08-06",
                Input = """[{"role":"user","content":"hi"}]""",
                InputTokens = 18,
                OutputTokens = 9,
                CacheReadInputTokens = 0,
            }),
        ["OpenInference EMBEDDING without a provider"] = (
            [
                ("openinference.span.kind", "EMBEDDING"),
                ("embedding.model_name", "text-embedding-3-small"),
                ("embedding.embeddings.0.embedding.text", "refund policy"),
                ("llm.token_count.prompt", 3L),
            ],
            new LlmFacts { Dialect = Dialects.OpenInference, Inclusivity = TokenInclusivity.Guessed, Provider = "openai", Operation = "embeddings", RequestModel = "text-embedding-3-small", InputTokens = 3 }),
        ["OpenInference on Azure (llm.provider is the host)"] = (
            [
                ("openinference.span.kind", "LLM"),
                ("llm.provider", "azure"),
                ("llm.system", "openai"),
                ("llm.model_name", "gpt-4o"),
                ("llm.token_count.prompt", 100L),
                ("llm.token_count.completion", 20L),
            ],
            new LlmFacts { Dialect = Dialects.OpenInference, Inclusivity = TokenInclusivity.Guessed, Provider = "azure.ai.openai", Operation = "chat", RequestModel = "gpt-4o", InputTokens = 100, OutputTokens = 20 }),
        ["OpenLLMetry legacy Anthropic (capitalised gen_ai.system)"] = (
            [
                ("gen_ai.system", "Anthropic"),
                ("llm.request.type", "chat"),
                ("gen_ai.request.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.response.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.request.max_tokens", 1024L),
                ("gen_ai.prompt.0.role", "user"),
                ("gen_ai.prompt.0.content", "Summarise the ticket"),
                ("gen_ai.completion.0.role", "assistant"),
                ("gen_ai.completion.0.content", "The customer wants a refund."),
                ("gen_ai.completion.0.finish_reason", "end_turn"),
                ("gen_ai.usage.prompt_tokens", 2048L),
                ("gen_ai.usage.completion_tokens", 512L),
                ("gen_ai.usage.cache_read_input_tokens", 1500L),
                ("llm.usage.total_tokens", 2560L),
                ("llm.is_streaming", false),
            ],
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-3-5-sonnet-20241022",
                Input = """[{"role":"user","content":"Summarise the ticket"}]""",
                Output = """[{"role":"assistant","content":"The customer wants a refund.","finish_reason":"end_turn"}]""",
                ResponseModel = "claude-3-5-sonnet-20241022",
                InputTokens = 2048,
                OutputTokens = 512,
                CacheReadInputTokens = 1500,
                FinishReasons = ["end_turn"],
            }),
        ["OpenLLMetry legacy embedding (llm.request.type=embedding)"] = (
            [
                ("gen_ai.system", "OpenAI"),
                ("llm.request.type", "embedding"),
                ("gen_ai.request.model", "text-embedding-3-small"),
                ("gen_ai.usage.prompt_tokens", 8L),
            ],
            new LlmFacts { Dialect = Dialects.OpenLlmetry, Inclusivity = TokenInclusivity.Guessed, Provider = "openai", Operation = "embeddings", RequestModel = "text-embedding-3-small", InputTokens = 8 }),
        ["Observatory Python SDK (llm.provider, llm.model, llm.usage.*)"] = (
            [
                ("llm.provider", "openai"),
                ("llm.model", "gpt-4o"),
                ("llm.operation", "chat"),
                ("llm.request.temperature", 0.7),
                ("llm.usage.prompt_tokens", 100L),
                ("llm.usage.completion_tokens", 50L),
                ("llm.usage.total_tokens", 150L),
                ("llm.response.finish_reason", "stop"),
                ("llm.cost.total_usd", 0.00075),
                ("llm.metrics.ttft_ms", 95.5),
            ],
            new LlmFacts
            {
                Dialect = Dialects.ObservatorySdk,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                InputTokens = 100,
                OutputTokens = 50,
                SuppliedCostUsd = 0.00075m,
                TimeToFirstTokenMs = 95.5,
                FinishReasons = ["stop"],
            }),
        ["Observatory Node SDK (llm.system, llm.request/response.model)"] = (
            [
                ("llm.system", "openai"),
                ("llm.request.model", "gpt-4o-mini"),
                ("llm.response.model", "gpt-4o-mini-2024-07-18"),
                ("llm.usage.prompt_tokens", 420L),
                ("llm.usage.completion_tokens", 64L),
                ("llm.response.finish_reason", "length"),
                ("llm.latency.ttft_ms", 180L),
                ("llm.streaming.enabled", true),
                ("llm.user.id", "u-17"),
            ],
            new LlmFacts
            {
                Dialect = Dialects.ObservatorySdk,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                RequestModel = "gpt-4o-mini",
                ResponseModel = "gpt-4o-mini-2024-07-18",
                InputTokens = 420,
                OutputTokens = 64,
                TimeToFirstTokenMs = 180,
                FinishReasons = ["length"],
            }),
        ["Observatory Rust SDK (no usage reported)"] = (
            [("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4"), ("deployment.environment", "prod")],
            new LlmFacts { Dialect = Dialects.OTelGenAiLegacy, Provider = "openai", RequestModel = "gpt-4" }),
    };

    public static TheoryData<string> ConventionNames => new(Conventions.Keys);

    [Theory]
    [MemberData(nameof(ConventionNames))]
    public void Reads_the_same_facts_from_every_convention(string convention)
    {
        var (attributes, expected) = Conventions[convention];

        var facts = SpanNormalizer.Normalize(TestSpans.With(attributes));

        Assert.NotNull(facts);
        Assert.Equal(expected.FinishReasons, facts.FinishReasons);
        Assert.Equal(expected with { FinishReasons = facts.FinishReasons }, facts);
    }

    [Fact]
    public void A_streaming_span_without_usage_has_unknown_tokens_not_zero()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5")));

        Assert.NotNull(facts);
        Assert.Null(facts.InputTokens);
        Assert.Null(facts.OutputTokens);
        Assert.Null(facts.CacheReadInputTokens);
        Assert.False(facts.HasUsage);
    }

    [Fact]
    public void Current_names_win_over_deprecated_and_vendor_names_on_the_same_span()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("llm.token_count.prompt", 999L),
            ("gen_ai.usage.prompt_tokens", 998L),
            ("gen_ai.usage.input_tokens", 10L),
            ("llm.usage.completion_tokens", 997L),
            ("gen_ai.usage.output_tokens", 5L),
            ("gen_ai.system", "openai"),
            ("gen_ai.provider.name", "azure.ai.openai"),
            ("llm.model", "gpt-3.5-turbo"),
            ("gen_ai.request.model", "gpt-4o")));

        Assert.NotNull(facts);
        Assert.Equal((10L, 5L), (facts.InputTokens!.Value, facts.OutputTokens!.Value));
        Assert.Equal("azure.ai.openai", facts.Provider);
        Assert.Equal("gpt-4o", facts.RequestModel);
    }

    [Fact]
    public void An_unreadable_value_falls_through_to_the_next_convention()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.provider.name", "  "), ("gen_ai.system", "openai"),
            ("gen_ai.usage.input_tokens", "n/a"), ("gen_ai.usage.prompt_tokens", 7L)));

        Assert.NotNull(facts);
        Assert.Equal("openai", facts.Provider);
        Assert.Equal(7, facts.InputTokens);
    }

    [Theory]
    [InlineData(42L, 42L)]
    [InlineData(42.0, 42L)]
    [InlineData("42", 42L)]
    [InlineData(" 42 ", 42L)]
    [InlineData("4.2e1", 42L)]
    [InlineData(42.5, null)]
    [InlineData(-1L, null)]
    [InlineData("-3", null)]
    [InlineData(double.NaN, null)]
    [InlineData("forty-two", null)]
    [InlineData(true, null)]
    public void Token_counts_arrive_as_long_double_or_numeric_string(object value, long? expected)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.provider.name", "openai"), ("gen_ai.usage.input_tokens", value)));

        Assert.NotNull(facts);
        Assert.Equal(expected, facts.InputTokens);
    }

    public static TheoryData<object, string[]> FinishReasonForms => new()
    {
        { TestSpans.List("stop", "length"), ["stop", "length"] },
        { "stop", ["stop"] },
        { "[\"stop\",\"tool_calls\"]", ["stop", "tool_calls"] },
        { " [ \"content_filter\" ] ", ["content_filter"] },
        { "[stop", ["[stop"] },
        { TestSpans.List(), [] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(FinishReasonForms))]
    public void Finish_reasons_arrive_as_an_array_a_string_or_a_JSON_encoded_array(object value, string[] expected)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.provider.name", "openai"), ("gen_ai.response.finish_reasons", value)));

        Assert.NotNull(facts);
        Assert.Equal(expected, facts.FinishReasons);
    }

    [Fact]
    public void An_empty_finish_reason_array_falls_through_to_the_OpenLLMetry_attribute()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.response.finish_reasons", TestSpans.List()), ("gen_ai.response.finish_reason", "stop")));

        Assert.Equal(["stop"], facts!.FinishReasons);
    }

    [Theory]
    [InlineData("gen_ai.response.time_to_first_chunk", 0.25, 250.0)]
    [InlineData("gen_ai.server.time_to_first_token", 1.5, 1500.0)]
    [InlineData("llm.latency.ttft_ms", 180L, 180.0)]
    [InlineData("llm.metrics.ttft_ms", "95.5", 95.5)]
    [InlineData("gen_ai.response.time_to_first_chunk", -1.0, null)]
    public void Time_to_first_token_is_converted_to_milliseconds(string attribute, object value, double? expectedMs)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.provider.name", "openai"), (attribute, value)));

        Assert.Equal(expectedMs, facts!.TimeToFirstTokenMs);
    }

    [Theory]
    [InlineData("gen_ai.usage.cost", 0.0123)]
    [InlineData("llm.cost.total", "0.0123")]
    [InlineData("llm.cost.total_usd", 0.0123)]
    public void A_client_supplied_cost_is_kept_exactly(string attribute, object value)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.provider.name", "openai"), (attribute, value)));

        Assert.Equal(0.0123m, facts!.SuppliedCostUsd);
        Assert.Null(facts.CostUsd);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "openai")]
    [InlineData("o3-mini", "openai")]
    [InlineData("o1", "openai")]
    [InlineData("openai/gpt-4.1", "openai")]
    [InlineData("claude-3-haiku-20240307", "anthropic")]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "aws.bedrock")]
    [InlineData("models/gemini-2.0-flash", "google")]
    [InlineData("mistral-large-latest", "mistral")]
    [InlineData("open-mixtral-8x22b", "mistral")]
    [InlineData("codestral-2501", "mistral")]
    [InlineData("llama3.1:8b", null)]
    [InlineData("ollama-o1-clone", null)]
    public void Without_a_provider_attribute_the_provider_is_inferred_from_the_model(string model, string? provider)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.request.model", model), ("gen_ai.usage.input_tokens", 1L)));

        Assert.NotNull(facts);
        Assert.Equal(provider, facts.Provider);
    }

    [Fact]
    public void A_provider_attribute_always_wins_over_the_model_name()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(("gen_ai.provider.name", "aws.bedrock"), ("gen_ai.request.model", "claude-3-haiku")));

        Assert.Equal("aws.bedrock", facts!.Provider);
    }

    [Theory]
    [InlineData("llm.request.type", "completion", "text_completion")]
    [InlineData("llm.request.type", "rerank", "rerank")]
    [InlineData("gen_ai.operation.name", "generate_content", "generate_content")]
    [InlineData("gen_ai.operation.name", "execute_tool", "execute_tool")]
    [InlineData("openinference.span.kind", "llm", "chat")]
    public void Operations_are_read_in_the_OTel_vocabulary(string attribute, string value, string operation)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With((attribute, value)));

        Assert.Equal(operation, facts!.Operation);
    }

    [Fact]
    public void An_http_span_is_not_an_LLM_call_whatever_its_kind()
    {
        var span = TestSpans.With(
            ("http.request.method", "POST"), ("url.path", "/v1/orders"), ("http.response.status_code", 200L), ("user.id", "u-1"));

        Assert.Null(SpanNormalizer.Normalize(span));
    }


    public static TheoryData<(string, object?)[], string?, string?> IdentityCases => new()
    {
        { [("user.id", "alice"), ("session.id", "s-1")], "alice", "s-1" },
        { [("gen_ai.conversation.id", "conv_42")], null, "conv_42" },
        { [("traceloop.association.properties.user_id", "bob"), ("traceloop.association.properties.session_id", "chat-9")], "bob", "chat-9" },
        { [("llm.user.id", "carol"), ("llm.session.id", "s-3")], "carol", "s-3" },
        { [("llm.user.id", "sdk-user"), ("user.id", "otel-user"), ("llm.session.id", "sdk-s"), ("gen_ai.conversation.id", "conv")], "otel-user", "conv" },
        { [("user.id", 4711L)], "4711", null },
        { [("user.id", ""), ("llm.user.id", "fallback")], "fallback", null },
        { [("http.route", "/orders")], null, null },
    };

    [Theory]
    [MemberData(nameof(IdentityCases))]
    public void User_and_session_are_read_from_any_span(
        (string, object?)[] attributes, string? userId, string? sessionId)
    {
        Assert.Equal((userId, sessionId), SpanNormalizer.ReadIdentity(TestSpans.With(attributes)));
    }

    [Fact]
    public void The_error_type_is_error_type_first()
    {
        var span = Failed(TestSpans.With(("error.type", "429")), ExceptionEvent("System.Net.Http.HttpRequestException"));

        Assert.Equal("429", SpanNormalizer.ReadErrorType(span));
    }

    [Fact]
    public void The_error_type_falls_back_to_the_exception_event_of_a_failed_span()
    {
        var span = Failed(TestSpans.With(("http.request.method", "POST")), ExceptionEvent("System.TimeoutException"));

        Assert.Equal("System.TimeoutException", SpanNormalizer.ReadErrorType(span));
    }

    [Fact]
    public void An_exception_handled_by_a_span_that_ended_OK_is_not_an_error()
    {
        var span = Failed(TestSpans.With(), ExceptionEvent("System.TimeoutException"));
        var recovered = new SpanData
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            Name = span.Name,
            Status = SpanStatusCode.Ok,
            Events = span.Events,
        };

        Assert.Null(SpanNormalizer.ReadErrorType(recovered));
    }

    private static SpanEventData ExceptionEvent(string type) => new(
        "exception", 1_700_000_001_000_000_000, TestSpans.Attributes(("exception.type", type), ("exception.message", "boom")));

    private static SpanData Failed(SpanData span, SpanEventData exception) => new()
    {
        TraceId = span.TraceId,
        SpanId = span.SpanId,
        Name = span.Name,
        Status = SpanStatusCode.Error,
        Attributes = span.Attributes,
        Events = [new SpanEventData("log", 1, []), exception],
    };
}
