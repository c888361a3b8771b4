using Observatory.Core.Llm;
using Observatory.Core.Spans;
using static Observatory.Core.Tests.Llm.Emitters.EmitterCase;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>One realistic span per emitter table row, keyed by the row's id; each comment names what it was built from.</summary>
internal static class EmitterCases
{
    private static readonly Dictionary<string, EmitterCase> FirstRead = new()
    {
        // code.claude.com/docs/en/monitoring-usage, Traces (beta): claude_code.llm_request with Anthropic's usage block flat.
        ["claude-code"] = new(
            Span("com.anthropic.claude_code", "claude_code.llm_request", SpanKind.Internal,
                ("model", "claude-sonnet-4-5-20250929"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5-20250929"),
                ("query_source", "repl_main_thread"), ("speed", "normal"), ("llm_request.context", "interaction"), ("duration_ms", 8123L),
                ("ttft_ms", 1340L), ("input_tokens", 12L), ("output_tokens", 480L), ("cache_read_tokens", 41_200L), ("cache_creation_tokens", 1_850L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "claude-code",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                RequestModel = "claude-sonnet-4-5-20250929",
                InputTokens = 12 + 41_200 + 1_850,
                OutputTokens = 480,
                CacheReadInputTokens = 41_200,
                CacheCreationInputTokens = 1_850,
                TimeToFirstTokenMs = 1340,
            },
            Usd(12, 3m) + Usd(41_200, 0.30m) + Usd(1_850, 3.75m) + Usd(480, 15m)),

        // strands-agents/sdk-python tracer.py: start_model_invoke_span + end_model_invoke_span on the default Bedrock model.
        ["strands"] = new(
            Span("strands.telemetry.tracer", "chat", SpanKind.Internal,
                ("gen_ai.event.start_time", "2025-11-24T16:00:00+00:00"), ("gen_ai.operation.name", "chat"), ("gen_ai.system", "strands-agents"),
                ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.usage.prompt_tokens", 1_523L),
                ("gen_ai.usage.input_tokens", 1_523L), ("gen_ai.usage.completion_tokens", 389L), ("gen_ai.usage.output_tokens", 389L),
                ("gen_ai.usage.total_tokens", 12_352L), ("gen_ai.usage.cache_read_input_tokens", 9_800L),
                ("gen_ai.usage.cache_write_input_tokens", 640L), ("gen_ai.server.time_to_first_token", 742L),
                ("gen_ai.server.request.duration", 3120L), ("gen_ai.event.end_time", "2025-11-24T16:00:03+00:00")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "strands",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
                InputTokens = 1_523 + 9_800 + 640,
                OutputTokens = 389,
                CacheReadInputTokens = 9_800,
                CacheCreationInputTokens = 640,
                TimeToFirstTokenMs = 742,
            },
            Usd(1_523, 3m) + Usd(9_800, 0.30m) + Usd(640, 3.75m) + Usd(389, 15m)),

        // pydantic-ai 1.x OpenAIChatModel: models/openai.py _map_usage (prompt_tokens with cached_tokens inside) and usage.py
        // opentelemetry_attributes, which adds RequestUsage.cache_read_tokens to the details beside OpenAI's raw detail fields.
        ["pydantic-ai"] = new(
            Span("pydantic-ai", "chat gpt-4o", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o"),
                ("server.address", "api.openai.com"), ("gen_ai.response.model", "gpt-4o-2024-08-06"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")), ("gen_ai.usage.input_tokens", 2_048L),
                ("gen_ai.usage.output_tokens", 300L), ("gen_ai.usage.details.accepted_prediction_tokens", 0L),
                ("gen_ai.usage.details.cache_read_tokens", 1_536L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "pydantic-ai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 2_048,
                OutputTokens = 300,
                CacheReadInputTokens = 1_536,
                FinishReasons = ["stop"],
            },
            Usd(512, 2.5m) + Usd(1_536, 1.25m) + Usd(300, 10m)),

        // pydantic-ai 1.x BedrockConverseModel._process_response (Converse usage) + usage.py opentelemetry_attributes.
        ["pydantic-ai-bedrock"] = new(
            Span("pydantic-ai", "chat us.anthropic.claude-sonnet-4-20250514-v1:0", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "bedrock"), ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"),
                ("gen_ai.response.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.usage.input_tokens", 220L),
                ("gen_ai.usage.output_tokens", 380L), ("gen_ai.usage.details.cache_write_tokens", 1_500L),
                ("gen_ai.usage.details.cache_read_tokens", 24_000L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "pydantic-ai-bedrock",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
                ResponseModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
                InputTokens = 220 + 24_000 + 1_500,
                OutputTokens = 380,
                CacheReadInputTokens = 24_000,
                CacheCreationInputTokens = 1_500,
            },
            Usd(220, 3m) + Usd(24_000, 0.30m) + Usd(1_500, 3.75m) + Usd(380, 15m)),

        // google/adk-python telemetry.py trace_call_llm (versions that wrote gen_ai.system gcp.vertex.agent).
        ["google-adk"] = new(
            Span("gcp.vertex.agent", "call_llm", SpanKind.Internal,
                ("gen_ai.system", "gcp.vertex.agent"), ("gen_ai.request.model", "gemini-2.5-flash"),
                ("gcp.vertex.agent.invocation_id", "e-5b1f"), ("gcp.vertex.agent.session_id", "s-77"), ("gcp.vertex.agent.event_id", "ev-9"),
                ("gcp.vertex.agent.llm_request", "{}"), ("gcp.vertex.agent.llm_response", "{}"),
                ("gen_ai.usage.input_tokens", 4_210L), ("gen_ai.usage.output_tokens", 655L), ("gen_ai.response.finish_reasons", TestSpans.List("stop"))),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "google-adk",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                RequestModel = "gemini-2.5-flash",
                InputTokens = 4_210,
                OutputTokens = 655,
                FinishReasons = ["stop"],
            },
            Usd(4_210, 0.30m) + Usd(655, 2.5m)),

        // BerriAI/litellm integrations/opentelemetry.py set_attributes: call type as the operation, finish reasons via safe_dumps.
        ["litellm"] = new(
            Span("litellm", "litellm_request", SpanKind.Internal,
                ("gen_ai.request.model", "claude-3-5-haiku-20241022"), ("gen_ai.system", "anthropic"), ("llm.is_streaming", "False"),
                ("gen_ai.response.id", "msg_01XFDUDYJgAACzvnptvVoYEL"), ("gen_ai.response.model", "claude-3-5-haiku-20241022"),
                ("gen_ai.usage.total_tokens", 1_290L), ("gen_ai.usage.output_tokens", 210L), ("gen_ai.usage.input_tokens", 1_080L),
                ("gen_ai.operation.name", "acompletion"), ("gen_ai.response.finish_reasons", "[\"stop\"]")),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "litellm",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-3-5-haiku-20241022",
                ResponseModel = "claude-3-5-haiku-20241022",
                InputTokens = 1_080,
                OutputTokens = 210,
                FinishReasons = ["stop"],
            },
            Usd(1_080, 0.8m) + Usd(210, 4m)),

        // spring-projects/spring-ai: AiProvider.BEDROCK_CONVERSE on a chat observation of BedrockProxyChatModel; Micrometer
        // KeyValues are strings, finish reasons one "[...]" string (DefaultChatModelObservationConvention).
        ["spring-ai-bedrock-converse"] = new(
            Span("org.springframework.boot", "chat amazon.nova-pro-v1:0", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "bedrock_converse"), ("gen_ai.request.model", "amazon.nova-pro-v1:0"),
                ("gen_ai.response.model", "none"), ("gen_ai.response.finish_reasons", "[\"end_turn\"]"), ("gen_ai.usage.input_tokens", "2400"),
                ("gen_ai.usage.output_tokens", "530"), ("gen_ai.usage.total_tokens", "2930")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "spring-ai-bedrock-converse",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "amazon.nova-pro-v1:0",
                InputTokens = 2_400,
                OutputTokens = 530,
                FinishReasons = ["end_turn"],
            },
            Usd(2_400, 0.8m) + Usd(530, 3.2m)),

        // aws/aws-sdk-net BedrockChatClient.CreateUsageDetails (InputTokenCount = Converse inputTokens; cache counts only in
        // AdditionalCounts) under dotnet/extensions OpenTelemetryChatClient; provider aws.bedrock from ChatClientMetadata.
        ["ms-extensions-ai-bedrock"] = new(
            Span("Experimental.Microsoft.Extensions.AI", "chat us.anthropic.claude-sonnet-4-20250514-v1:0", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "aws.bedrock"),
                ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.response.id", "5f0c2a9e41d84b7c9a3e0f6b1d2c3e4f"),
                ("gen_ai.response.finish_reasons", "[\"stop\"]"), ("gen_ai.usage.input_tokens", 640L), ("gen_ai.usage.output_tokens", 215L)),
            new LlmFacts
            {
                Dialect = Dialects.MicrosoftExtensionsAi,
                Emitter = "ms-extensions-ai-bedrock",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
                InputTokens = 640,
                OutputTokens = 215,
                FinishReasons = ["stop"],
            },
            Usd(640, 3m) + Usd(215, 15m)),

        // dotnet/extensions OpenTelemetryChatClient with the OpenAI adapter; finish reasons as a JSON string.
        ["ms-extensions-ai"] = new(
            Span("Experimental.Microsoft.Extensions.AI", "chat gpt-4o-mini", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o-mini"),
                ("server.address", "api.openai.com"), ("server.port", 443L), ("gen_ai.response.id", "chatcmpl-B1"),
                ("gen_ai.response.model", "gpt-4o-mini-2024-07-18"), ("gen_ai.response.finish_reasons", "[\"stop\"]"),
                ("gen_ai.usage.input_tokens", 1_850L), ("gen_ai.usage.output_tokens", 96L), ("gen_ai.usage.cache_read.input_tokens", 1_024L)),
            new LlmFacts
            {
                Dialect = Dialects.MicrosoftExtensionsAi,
                Emitter = "ms-extensions-ai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o-mini",
                ResponseModel = "gpt-4o-mini-2024-07-18",
                InputTokens = 1_850,
                OutputTokens = 96,
                CacheReadInputTokens = 1_024,
                FinishReasons = ["stop"],
            },
            Usd(826, 0.15m) + Usd(1_024, 0.075m) + Usd(96, 0.6m)),

        // vercel/ai v6 doGenerate with @ai-sdk/google: LanguageModelV3Usage totals (convert-google-generative-ai-usage.ts).
        ["vercel-ai-v6"] = new(
            Span("ai", "ai.generateText.doGenerate", SpanKind.Internal,
                ("operation.name", "ai.generateText.doGenerate"), ("ai.operationId", "ai.generateText.doGenerate"),
                ("ai.model.provider", "google.generative-ai"), ("ai.model.id", "gemini-2.5-pro"), ("ai.response.finishReason", "stop"),
                ("ai.response.model", "gemini-2.5-pro"), ("ai.usage.inputTokens", 5_000L), ("ai.usage.inputTokenDetails.noCacheTokens", 1_000L),
                ("ai.usage.inputTokenDetails.cacheReadTokens", 4_000L), ("ai.usage.outputTokens", 2_490L),
                ("ai.usage.outputTokenDetails.textTokens", 1_850L), ("ai.usage.outputTokenDetails.reasoningTokens", 640L),
                ("ai.usage.totalTokens", 7_490L), ("gen_ai.system", "google.generative-ai"), ("gen_ai.request.model", "gemini-2.5-pro"),
                ("gen_ai.response.model", "gemini-2.5-pro"), ("gen_ai.usage.input_tokens", 5_000L), ("gen_ai.usage.output_tokens", 2_490L),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop"))),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-v6",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "chat",
                RequestModel = "gemini-2.5-pro",
                ResponseModel = "gemini-2.5-pro",
                InputTokens = 5_000,
                OutputTokens = 2_490,
                CacheReadInputTokens = 4_000,
                ReasoningOutputTokens = 640,
                FinishReasons = ["stop"],
            },
            Usd(1_000, 1.25m) + Usd(4_000, 0.125m) + Usd(1_850, 10m) + Usd(640, 10m)),

        // vercel/ai v5 streamText doStream with @ai-sdk/anthropic: raw input_tokens, the raw usage and cache writes in providerMetadata.
        ["vercel-ai-anthropic"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "anthropic.messages"), ("ai.model.id", "claude-sonnet-4-5"),
                ("ai.response.model", "claude-sonnet-4-5-20250929"), ("ai.response.finishReason", "stop"), ("ai.stream.msToFirstChunk", 812.4),
                ("ai.usage.inputTokens", 35L), ("ai.usage.outputTokens", 410L), ("ai.usage.totalTokens", 445L), ("ai.usage.cachedInputTokens", 18_000L),
                ("ai.response.providerMetadata",
                    """{"anthropic":{"usage":{"input_tokens":35,"cache_creation_input_tokens":2100,"cache_read_input_tokens":18000,"output_tokens":410,"service_tier":"standard"},"cacheCreationInputTokens":2100,"stopSequence":null}}""")),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 35 + 18_000 + 2_100,
                OutputTokens = 410,
                CacheReadInputTokens = 18_000,
                CacheCreationInputTokens = 2_100,
                TimeToFirstTokenMs = 812.4,
                FinishReasons = ["stop"],
            },
            Usd(35, 3m) + Usd(18_000, 0.30m) + Usd(2_100, 3.75m) + Usd(410, 15m)),

        // vercel/ai v5 streamText with @ai-sdk/amazon-bedrock (doStream spans carry the cache count):
        // Converse inputTokens, cacheReadInputTokens as cachedInputTokens, writes in metadata.
        ["vercel-ai-amazon-bedrock"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "amazon-bedrock"),
                ("ai.model.id", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("ai.response.finishReason", "stop"),
                ("ai.usage.inputTokens", 220L), ("ai.usage.outputTokens", 380L), ("ai.usage.totalTokens", 600L), ("ai.usage.cachedInputTokens", 24_000L),
                ("ai.response.providerMetadata", """{"bedrock":{"usage":{"cacheWriteInputTokens":1500}}}""")),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-amazon-bedrock",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
                InputTokens = 220 + 24_000 + 1_500,
                OutputTokens = 380,
                CacheReadInputTokens = 24_000,
                CacheCreationInputTokens = 1_500,
                FinishReasons = ["stop"],
            },
            Usd(220, 3m) + Usd(24_000, 0.30m) + Usd(1_500, 3.75m) + Usd(380, 15m)),

        // vercel/ai v5 streamText with @ai-sdk/google (doStream spans carry the reasoning count):
        // outputTokens = candidatesTokenCount, reasoningTokens = thoughtsTokenCount beside it.
        ["vercel-ai-google"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "google.generative-ai"), ("ai.model.id", "gemini-2.5-pro"),
                ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 3_200L), ("ai.usage.outputTokens", 1_850L),
                ("ai.usage.totalTokens", 5_690L), ("ai.usage.reasoningTokens", 640L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-google",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "chat",
                RequestModel = "gemini-2.5-pro",
                InputTokens = 3_200,
                OutputTokens = 1_850 + 640,
                ReasoningOutputTokens = 640,
                FinishReasons = ["stop"],
            },
            Usd(3_200, 1.25m) + Usd(1_850, 10m) + Usd(640, 10m)),

        // vercel/ai v5 streamText with @ai-sdk/openai responses: prompt tokens include cached ones, output includes reasoning.
        ["vercel-ai-openai"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "openai.responses"), ("ai.model.id", "o4-mini"),
                ("ai.response.model", "o4-mini-2025-04-16"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 2_048L),
                ("ai.usage.cachedInputTokens", 1_536L), ("ai.usage.outputTokens", 900L), ("ai.usage.reasoningTokens", 704L), ("ai.usage.totalTokens", 2_948L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-openai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "o4-mini",
                ResponseModel = "o4-mini-2025-04-16",
                InputTokens = 2_048,
                OutputTokens = 900,
                CacheReadInputTokens = 1_536,
                ReasoningOutputTokens = 704,
                FinishReasons = ["stop"],
            },
            Usd(512, 1.1m) + Usd(1_536, 0.275m) + Usd(196, 4.4m) + Usd(704, 4.4m)),

        // Arize-ai/openinference bedrock utils/anthropic/_attributes.py get_llm_output_attributes: InvokeModel with an
        // Anthropic body, prompt = input + cache writes + cache reads, llm.model_name replaced by the body's "model".
        ["openinference-bedrock-invoke-model"] = new(
            Span("openinference.instrumentation.bedrock", "bedrock.invoke_model", SpanKind.Internal,
                ("openinference.span.kind", "LLM"), ("llm.provider", "aws"), ("llm.system", "anthropic"),
                ("llm.invocation_parameters", """{"anthropic_version":"bedrock-2023-05-31","max_tokens":1024}"""),
                ("llm.model_name", "claude-3-5-haiku-20241022"), ("llm.token_count.prompt", 5_420L),
                ("llm.token_count.completion", 120L), ("llm.token_count.prompt_details.cache_read", 5_000L),
                ("llm.token_count.prompt_details.cache_write", 400L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openinference-bedrock-invoke-model",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "claude-3-5-haiku-20241022",
                InputTokens = 5_420,
                OutputTokens = 120,
                CacheReadInputTokens = 5_000,
                CacheCreationInputTokens = 400,
            },
            Usd(20, 0.8m) + Usd(5_000, 0.08m) + Usd(400, 1m) + Usd(120, 4m)),

        // Arize-ai/openinference bedrock _converse_attributes.py get_token_counts: prompt = Converse inputTokens.
        ["openinference-bedrock-converse"] = new(
            Span("openinference.instrumentation.bedrock", "bedrock.converse", SpanKind.Internal,
                ("openinference.span.kind", "LLM"), ("llm.provider", "aws"), ("llm.model_name", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"),
                ("llm.invocation_parameters", """{"maxTokens":1024,"stop_reason":"end_turn"}"""), ("llm.finish_reason", "end_turn"),
                ("llm.token_count.prompt", 310L), ("llm.token_count.completion", 95L), ("llm.token_count.total", 8_405L),
                ("llm.token_count.prompt_details.cache_read", 7_200L), ("llm.token_count.prompt_details.cache_write", 800L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openinference-bedrock-converse",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                InputTokens = 310 + 7_200 + 800,
                OutputTokens = 95,
                CacheReadInputTokens = 7_200,
                CacheCreationInputTokens = 800,
                FinishReasons = ["end_turn"],
            },
            Usd(310, 3m) + Usd(7_200, 0.30m) + Usd(800, 3.75m) + Usd(95, 15m)),

        // Arize-ai/openinference google_genai _response_attributes_extractor.py: completion = candidates + thoughts.
        ["openinference-google-genai"] = new(
            Span("openinference.instrumentation.google_genai", "GenerateContent", SpanKind.Internal,
                ("openinference.span.kind", "LLM"), ("llm.provider", "google"), ("llm.model_name", "gemini-2.5-flash"),
                ("llm.token_count.prompt", 2_000L), ("llm.token_count.completion", 1_300L),
                ("llm.token_count.completion_details.reasoning", 400L), ("llm.token_count.total", 3_300L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openinference-google-genai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "chat",
                RequestModel = "gemini-2.5-flash",
                InputTokens = 2_000,
                OutputTokens = 1_300,
                ReasoningOutputTokens = 400,
            },
            Usd(2_000, 0.30m) + Usd(900, 2.5m) + Usd(400, 2.5m)),

        // Arize-ai/openinference anthropic _wrappers.py _get_llm_token_counts: prompt = input + cache creation + cache read.
        ["openinference"] = new(
            Span("openinference.instrumentation.anthropic", "Messages", SpanKind.Internal,
                ("openinference.span.kind", "LLM"), ("llm.provider", "anthropic"), ("llm.system", "anthropic"),
                ("llm.model_name", "claude-haiku-4-5-20251001"), ("llm.token_count.prompt", 9_650L), ("llm.token_count.completion", 240L),
                ("llm.token_count.prompt_details.cache_read", 9_000L), ("llm.token_count.prompt_details.cache_write", 600L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openinference",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-haiku-4-5-20251001",
                InputTokens = 9_650,
                OutputTokens = 240,
                CacheReadInputTokens = 9_000,
                CacheCreationInputTokens = 600,
            },
            Usd(50, 1m) + Usd(9_000, 0.10m) + Usd(600, 1.25m) + Usd(240, 5m)),

        // traceloop/openllmetry bedrock span_utils.py converse_usage_record; the cache only marked, counted in a metric;
        // __init__.py _get_vendor_model: gen_ai.system "AWS", the model id without its vendor prefix.
        ["openllmetry-bedrock"] = new(
            Span("opentelemetry.instrumentation.bedrock", "bedrock.converse", SpanKind.Client,
                ("gen_ai.system", "AWS"), ("llm.request.type", "chat"), ("gen_ai.request.model", "claude-3-5-sonnet-20240620-v1:0"),
                ("gen_ai.usage.prompt_tokens", 1_200L), ("gen_ai.usage.completion_tokens", 300L), ("llm.usage.total_tokens", 1_500L),
                ("gen_ai.prompt_caching", "read")),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-bedrock",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "claude-3-5-sonnet-20240620-v1:0",
                InputTokens = 1_200,
                OutputTokens = 300,
            },
            Usd(1_200, 3m) + Usd(300, 15m)),

        // open-telemetry/opentelemetry-python-contrib botocore extensions/bedrock.py: Converse on Nova.
        ["otel-botocore-bedrock"] = new(
            Span("opentelemetry.instrumentation.botocore.bedrock-runtime", "chat amazon.nova-pro-v1:0", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "aws.bedrock"), ("gen_ai.request.model", "amazon.nova-pro-v1:0"),
                ("gen_ai.usage.input_tokens", 900L), ("gen_ai.usage.output_tokens", 210L), ("gen_ai.response.finish_reasons", TestSpans.List("end_turn"))),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "otel-botocore-bedrock",
                Inclusivity = TokenInclusivity.Known,
                Provider = "aws.bedrock",
                Operation = "chat",
                RequestModel = "amazon.nova-pro-v1:0",
                InputTokens = 900,
                OutputTokens = 210,
                FinishReasons = ["end_turn"],
            },
            Usd(900, 0.8m) + Usd(210, 3.2m)),

        // traceloop/openllmetry anthropic __init__.py _set_token_usage: input already counts the cache.
        ["otel-anthropic"] = new(
            Span("opentelemetry.instrumentation.anthropic", "anthropic.chat", SpanKind.Client,
                ("gen_ai.system", "Anthropic"), ("llm.request.type", "chat"), ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("gen_ai.response.model", "claude-sonnet-4-5-20250929"), ("gen_ai.usage.input_tokens", 15_500L), ("gen_ai.usage.output_tokens", 800L),
                ("llm.usage.total_tokens", 16_300L), ("gen_ai.usage.cache_read_input_tokens", 15_000L), ("gen_ai.usage.cache_creation_input_tokens", 0L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "otel-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 15_500,
                OutputTokens = 800,
                CacheReadInputTokens = 15_000,
                CacheCreationInputTokens = 0,
            },
            Usd(500, 3m) + Usd(15_000, 0.30m) + Usd(800, 15m)),

        // open-telemetry/opentelemetry-python-contrib openai-v2 patch.py: prompt_tokens with cached ones inside.
        ["otel-openai"] = new(
            Span("opentelemetry.instrumentation.openai_v2", "chat gpt-4.1", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4.1"),
                ("gen_ai.response.model", "gpt-4.1-2025-04-14"), ("gen_ai.usage.input_tokens", 6_000L), ("gen_ai.usage.output_tokens", 700L),
                ("gen_ai.usage.cache_read.input_tokens", 4_096L), ("gen_ai.response.finish_reasons", TestSpans.List("stop"))),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "otel-openai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4.1",
                ResponseModel = "gpt-4.1-2025-04-14",
                InputTokens = 6_000,
                OutputTokens = 700,
                CacheReadInputTokens = 4_096,
                FinishReasons = ["stop"],
            },
            Usd(1_904, 2m) + Usd(4_096, 0.5m) + Usd(700, 8m)),

        // traceloop/openllmetry groq __init__.py _wrap + _set_response_attributes (a version before the semconv names):
        // span groq.chat, gen_ai.system Groq, llm.request.type completion, OpenAI-shaped usage. Groq has no list price here.
        ["openllmetry-groq"] = new(
            Span("opentelemetry.instrumentation.groq", "groq.chat", SpanKind.Client,
                ("gen_ai.system", "Groq"), ("llm.request.type", "completion"), ("gen_ai.request.model", "llama-3.3-70b-versatile"),
                ("llm.is_streaming", false), ("gen_ai.response.model", "llama-3.3-70b-versatile"),
                ("gen_ai.response.id", "chatcmpl-7f3e2b1a-9c4d-4e5f-8a6b-0c1d2e3f4a5b"), ("llm.usage.total_tokens", 1_342L),
                ("gen_ai.usage.completion_tokens", 198L), ("gen_ai.usage.prompt_tokens", 1_144L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-groq",
                Inclusivity = TokenInclusivity.Known,
                Provider = "groq",
                Operation = "text_completion",
                RequestModel = "llama-3.3-70b-versatile",
                ResponseModel = "llama-3.3-70b-versatile",
                InputTokens = 1_144,
                OutputTokens = 198,
            },
            null),

        // traceloop/openllmetry cohere span_utils.py _set_span_chat_response (Cohere v5 meta.billed_units), gen_ai.system Cohere.
        ["openllmetry-cohere"] = new(
            Span("opentelemetry.instrumentation.cohere", "cohere.chat", SpanKind.Client,
                ("gen_ai.system", "Cohere"), ("llm.request.type", "chat"), ("gen_ai.request.model", "command-r-plus-08-2024"),
                ("gen_ai.response.id", "c14c80c3-18eb-4519-9460-6c92edd8cfb4"), ("llm.usage.total_tokens", 1_655L),
                ("gen_ai.usage.output_tokens", 287L), ("gen_ai.usage.input_tokens", 1_368L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-cohere",
                Inclusivity = TokenInclusivity.Known,
                Provider = "cohere",
                Operation = "chat",
                RequestModel = "command-r-plus-08-2024",
                InputTokens = 1_368,
                OutputTokens = 287,
            },
            Usd(1_368, 2.5m) + Usd(287, 10m)),

        // traceloop/openllmetry mistralai __init__.py _wrap + _set_response_attributes on a chat call (semconv_ai names).
        ["openllmetry-mistralai"] = new(
            Span("opentelemetry.instrumentation.mistralai", "mistralai.chat", SpanKind.Client,
                ("gen_ai.system", "MistralAI"), ("llm.request.type", "chat"), ("gen_ai.request.model", "mistral-large-latest"),
                ("llm.is_streaming", false), ("gen_ai.completion.0.finish_reason", "stop"), ("gen_ai.response.model", "mistral-large-latest"),
                ("llm.usage.total_tokens", 2_730L), ("gen_ai.usage.completion_tokens", 410L), ("gen_ai.usage.prompt_tokens", 2_320L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-mistralai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "mistral",
                Operation = "chat",
                RequestModel = "mistral-large-latest",
                ResponseModel = "mistral-large-latest",
                InputTokens = 2_320,
                OutputTokens = 410,
                FinishReasons = ["stop"],
            },
            Usd(2_320, 2m) + Usd(410, 6m)),

        // traceloop/openllmetry ollama span_utils.py set_model_response_attributes: prompt_eval_count / eval_count, gen_ai.system Ollama.
        ["openllmetry-ollama"] = new(
            Span("opentelemetry.instrumentation.ollama", "ollama.chat", SpanKind.Client,
                ("llm.request.type", "chat"), ("gen_ai.request.model", "qwen3:8b"), ("llm.is_streaming", false),
                ("gen_ai.response.model", "qwen3:8b"), ("llm.usage.total_tokens", 1_563L), ("gen_ai.usage.completion_tokens", 1_251L),
                ("gen_ai.usage.prompt_tokens", 312L), ("gen_ai.system", "Ollama")),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-ollama",
                Inclusivity = TokenInclusivity.Known,
                Provider = "ollama",
                Operation = "chat",
                RequestModel = "qwen3:8b",
                ResponseModel = "qwen3:8b",
                InputTokens = 312,
                OutputTokens = 1_251,
            },
            null),

        // open-telemetry/opentelemetry-python-contrib google-genai generate_content.py _maybe_update_token_counts (no thoughts).
        ["otel-google-genai"] = new(
            Span("opentelemetry.instrumentation.google_genai", "generate_content gemini-2.5-flash", SpanKind.Client,
                ("gen_ai.operation.name", "generate_content"), ("gen_ai.system", "gemini"), ("gen_ai.request.model", "gemini-2.5-flash"),
                ("gen_ai.usage.input_tokens", 1_500L), ("gen_ai.usage.output_tokens", 300L), ("gen_ai.response.finish_reasons", TestSpans.List("stop"))),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "otel-google-genai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "generate_content",
                RequestModel = "gemini-2.5-flash",
                InputTokens = 1_500,
                OutputTokens = 300,
                FinishReasons = ["stop"],
            },
            Usd(1_500, 0.30m) + Usd(300, 2.5m)),

        // open-telemetry/opentelemetry-python-contrib vertexai utils.py: prompt_token_count, candidates_token_count.
        ["otel-vertexai"] = new(
            Span("opentelemetry.instrumentation.vertexai", "chat gemini-2.0-flash-001", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "vertex_ai"), ("gen_ai.request.model", "gemini-2.0-flash-001"),
                ("gen_ai.usage.input_tokens", 800L), ("gen_ai.usage.output_tokens", 150L), ("gen_ai.response.finish_reasons", TestSpans.List("stop"))),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "otel-vertexai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "chat",
                RequestModel = "gemini-2.0-flash-001",
                InputTokens = 800,
                OutputTokens = 150,
                FinishReasons = ["stop"],
            },
            Usd(800, 0.1m) + Usd(150, 0.4m)),

        // opentelemetry-instrumentation-langchain (OpenLLMetry shares the scope name): a ChatOpenAI call.
        ["otel-langchain"] = new(
            Span("opentelemetry.instrumentation.langchain", "ChatOpenAI.chat", SpanKind.Client,
                ("llm.request.type", "chat"), ("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.model", "gpt-4o-2024-08-06"),
                ("gen_ai.usage.input_tokens", 1_000L), ("gen_ai.usage.output_tokens", 200L), ("llm.usage.total_tokens", 1_200L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "otel-langchain",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 1_000,
                OutputTokens = 200,
            },
            Usd(1_000, 2.5m) + Usd(200, 10m)),

        // Arize-ai/openinference openai-agents _processor.py: a response span of the Agents SDK (ResponseSpanData), usage
        // from the Responses API (_get_attributes_from_usage); llm.system openai, no llm.provider on response spans.
        ["openai-agents"] = new(
            Span("openinference.instrumentation.openai_agents", "response", SpanKind.Internal,
                ("openinference.span.kind", "LLM"), ("llm.system", "openai"), ("output.mime_type", "application/json"),
                ("llm.token_count.completion", 900L), ("llm.token_count.prompt", 5_200L), ("llm.token_count.total", 6_100L),
                ("llm.token_count.prompt_details.cache_read", 4_096L), ("llm.token_count.completion_details.reasoning", 704L),
                ("llm.model_name", "o4-mini-2025-04-16"),
                ("llm.invocation_parameters", """{"id":"resp_68a1","model":"o4-mini-2025-04-16","parallel_tool_calls":true}""")),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openai-agents",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "o4-mini-2025-04-16",
                InputTokens = 5_200,
                OutputTokens = 900,
                CacheReadInputTokens = 4_096,
                ReasoningOutputTokens = 704,
            },
            Usd(1_104, 1.1m) + Usd(4_096, 0.275m) + Usd(196, 4.4m) + Usd(704, 4.4m)),

        // spring-projects/spring-ai DefaultChatModelObservationConvention on OpenAiChatModel: string values, the cached
        // prompt tokens beside prompt_tokens (which include them).
        ["spring-ai"] = new(
            Span("org.springframework.boot", "chat gpt-4o", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.request.temperature", "0.7"),
                ("gen_ai.response.finish_reasons", "[\"STOP\"]"), ("gen_ai.response.id", "chatcmpl-C1x"),
                ("gen_ai.usage.cache_read.input_tokens", "1536"), ("gen_ai.usage.input_tokens", "2048"),
                ("gen_ai.usage.output_tokens", "300"), ("gen_ai.usage.total_tokens", "2348")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "spring-ai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 2_048,
                OutputTokens = 300,
                CacheReadInputTokens = 1_536,
                FinishReasons = ["STOP"],
            },
            Usd(512, 2.5m) + Usd(1_536, 1.25m) + Usd(300, 10m)),

        // spring-projects/spring-ai AnthropicChatModel getDefaultUsage: promptTokens = Anthropic's input_tokens (cache
        // excluded); the cache counts beside it as strings.
        ["spring-ai-anthropic"] = new(
            Span("org.springframework.boot", "chat claude-sonnet-4-5", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("gen_ai.response.model", "claude-sonnet-4-5-20250929"), ("gen_ai.request.max_tokens", "4096"),
                ("gen_ai.response.finish_reasons", "[\"end_turn\"]"), ("gen_ai.response.id", "msg_01Q7"),
                ("gen_ai.usage.cache_creation.input_tokens", "1200"), ("gen_ai.usage.cache_read.input_tokens", "18000"),
                ("gen_ai.usage.input_tokens", "45"), ("gen_ai.usage.output_tokens", "520"), ("gen_ai.usage.total_tokens", "565")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "spring-ai-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 45 + 18_000 + 1_200,
                OutputTokens = 520,
                CacheReadInputTokens = 18_000,
                CacheCreationInputTokens = 1_200,
                FinishReasons = ["end_turn"],
            },
            Usd(45, 3m) + Usd(18_000, 0.30m) + Usd(1_200, 3.75m) + Usd(520, 15m)),

        // traceloop/openllmetry google_generativeai span_utils.py set_model_response_attributes: prompt_token_count,
        // candidates_token_count (thinking excluded) and total_token_count (thinking included) on gemini.generate_content.
        ["openllmetry-google-generativeai"] = new(
            Span("opentelemetry.instrumentation.google_generativeai", "gemini.generate_content", SpanKind.Client,
                ("gen_ai.system", "Google"), ("llm.request.type", "completion"), ("gen_ai.request.model", "gemini-2.5-flash"),
                ("gen_ai.request.temperature", 0.2), ("gen_ai.response.model", "gemini-2.5-flash"), ("llm.usage.total_tokens", 3_890L),
                ("gen_ai.usage.output_tokens", 410L), ("gen_ai.usage.input_tokens", 1_200L)),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "openllmetry-google-generativeai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "text_completion",
                RequestModel = "gemini-2.5-flash",
                ResponseModel = "gemini-2.5-flash",
                InputTokens = 1_200,
                OutputTokens = 410 + 2_280,
                ReasoningOutputTokens = 2_280,
            },
            Usd(1_200, 0.30m) + Usd(2_690, 2.5m)),

        // open-telemetry/opentelemetry-python-contrib langchain callback_handler.py through util-genai's TelemetryHandler
        // (scope opentelemetry.util.genai.handler): a ChatOpenAI call, usage_metadata input/output tokens.
        ["otel-util-genai"] = new(
            Span("opentelemetry.util.genai.handler", "chat gpt-4o", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.response.id", "chatcmpl-D2"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")), ("gen_ai.usage.input_tokens", 1_000L),
                ("gen_ai.usage.output_tokens", 200L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "otel-util-genai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 1_000,
                OutputTokens = 200,
                FinishReasons = ["stop"],
            },
            Usd(1_000, 2.5m) + Usd(200, 10m)),
    };

    /// <summary>Every case: the rows read first, then the ones read later (<see cref="LaterEmitterCases"/>). Declared last, as it reads both.</summary>
    public static readonly Dictionary<string, EmitterCase> ByEmitter = new(FirstRead.Concat(LaterEmitterCases.ByEmitter));
}
