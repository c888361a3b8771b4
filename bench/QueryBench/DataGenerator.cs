using System.Text;
using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Bench.QueryBench;

/// <summary>A model the generated LLM calls use (real provider ids and model names, priced by the built-in catalog).</summary>
internal sealed record ModelSpec(
    string Provider, string Operation, string RequestModel, string ResponseModel, string Server,
    int MinInput, int MaxInput, int MinOutput, int MaxOutput, int MinMs, int MaxMs,
    double CacheShare, double ReasoningShare, double Weight)
{
    public bool IsEmbedding => Operation == "embeddings";
    public string Key => ResponseModel;
}

/// <summary>One generated chunk: the spans of whole traces, their summaries, and the model usage they add per minute.</summary>
internal sealed class Chunk
{
    public List<SpanRecord> Spans { get; } = new(10_000);
    public List<TraceSummary> Traces { get; } = new(1_300);
    public Dictionary<RollupKey, ModelUsage> Rollups { get; } = new();
    public long MinBucket { get; set; } = long.MaxValue;
}

internal readonly record struct RollupKey(int Model, int Service, long Bucket);

/// <summary>
/// Generates realistic traces deterministically from (seed, trace number): a server root with user and session, a
/// retrieval step (embedding call + database query), tool and HTTP spans, and three chat calls — 8 spans, 4 of them LLM
/// calls with tokens, cache/reasoning tokens, time to first token, finish reasons, prompt and completion text, ~2 % errors.
/// Costs come from the product's <see cref="CostCalculator"/> and the built-in price catalog, trace summaries from its
/// <see cref="TraceSummaryAccumulator"/>, rollups from <see cref="ModelUsage.RecordCall"/>, so the stored rows are
/// exactly what ingest would have written for such spans.
/// </summary>
internal sealed class DataGenerator(ulong nonce, long rangeStartUnixNano, long rangeEndUnixNano, long totalTraces)
{
    public const int SpansPerTrace = 8;

    /// <summary>Calls carry no prompt or completion (traffic of instrumentations that do not record content).</summary>
    public bool NoContent { get; init; }

    public static readonly ModelSpec[] Models =
    [
        new("openai", "chat", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", 200, 6000, 20, 900, 400, 9000, 0.3, 0, 14),
        new("openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "api.openai.com", 100, 4000, 10, 600, 250, 4000, 0.3, 0, 22),
        new("openai", "chat", "gpt-4.1", "gpt-4.1-2025-04-14", "api.openai.com", 500, 12000, 50, 1500, 600, 12000, 0.3, 0, 8),
        new("openai", "chat", "gpt-5-mini", "gpt-5-mini-2025-08-07", "api.openai.com", 300, 8000, 100, 3000, 1500, 20000, 0.2, 0.9, 6),
        new("openai", "chat", "o4-mini", "o4-mini-2025-04-16", "api.openai.com", 300, 8000, 200, 4000, 2000, 30000, 0.2, 1.0, 3),
        new("anthropic", "chat", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "api.anthropic.com", 300, 9000, 30, 1800, 800, 15000, 0.5, 0, 12),
        new("anthropic", "chat", "claude-haiku-4-5", "claude-haiku-4-5-20251001", "api.anthropic.com", 100, 3000, 10, 500, 300, 3000, 0.5, 0, 8),
        new("google", "generate_content", "gemini-2.5-flash", "gemini-2.5-flash", "generativelanguage.googleapis.com", 150, 8000, 20, 1200, 300, 6000, 0, 0.3, 9),
        new("google", "generate_content", "gemini-2.5-pro", "gemini-2.5-pro", "generativelanguage.googleapis.com", 300, 12000, 50, 2000, 1000, 20000, 0, 0.6, 3),
        new("mistral", "chat", "mistral-large", "mistral-large-latest", "api.mistral.ai", 200, 6000, 20, 1000, 400, 8000, 0, 0, 3),
        new("cohere", "chat", "command-r-plus", "command-r-plus-08-2024", "api.cohere.com", 200, 6000, 20, 900, 400, 8000, 0, 0, 2),
        new("deepseek", "chat", "deepseek-chat", "deepseek-chat", "api.deepseek.com", 200, 6000, 20, 1200, 500, 10000, 0.4, 0, 3),
        new("openai", "embeddings", "text-embedding-3-small", "text-embedding-3-small", "api.openai.com", 8, 512, 0, 0, 40, 400, 0, 0, 0),
    ];

    public static readonly string[] Services = ["chat-api", "rag-worker", "support-agent", "search-service", "billing-assistant", "code-review-bot"];

    private static readonly string[] RootNames = ["POST /api/chat", "POST /v1/answer", "POST /tickets/{id}/reply", "GET /search", "POST /billing/explain", "POST /reviews"];
    private static readonly string[] Tools = ["lookup_order", "get_weather", "search_docs", "create_ticket", "run_sql", "fetch_invoice"];
    private static readonly string[] FinishReasons = ["stop", "stop", "stop", "stop", "stop", "length", "tool_calls"];
    private static readonly string[] SystemPrompts =
    [
        "You are a helpful customer support assistant.", "Answer using only the provided context.",
        "You are a senior code reviewer.", "Summarize the conversation for the agent.",
    ];

    private static readonly int EmbeddingModel = Models.Length - 1;
    private static readonly double[] ChatCumulative = BuildChatCumulative();
    private static readonly string[] ResourceJson = Services.Select(s =>
        $"{{\"service.name\":\"{s}\",\"service.version\":\"2.4.1\",\"deployment.environment.name\":\"production\",\"telemetry.sdk.name\":\"opentelemetry\",\"telemetry.sdk.language\":\"python\",\"host.name\":\"{s}-7f9c\"}}").ToArray();

    public const int Users = 5000;
    private readonly long _step = Math.Max(1, (rangeEndUnixNano - rangeStartUnixNano) / Math.Max(1, totalTraces));

    public static int ModelIndex(string responseModel) => Array.FindIndex(Models, m => m.ResponseModel == responseModel);

    private static double[] BuildChatCumulative()
    {
        var total = Models.Sum(m => m.Weight);
        var sum = 0.0;
        return Models.Select(m => (sum += m.Weight) / total).ToArray();
    }

    private static int PickChat(Random rng)
    {
        var u = rng.NextDouble();
        for (var i = 0; i < ChatCumulative.Length; i++)
        {
            if (u < ChatCumulative[i])
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The trace id of trace number <paramref name="n"/>: unique, random-looking, lowercase hex.</summary>
    public string TraceId(long n) => $"{Mix(nonce + (ulong)n):x16}{Mix(~nonce - (ulong)n) | 1:x16}";

    public long StartOf(long n) => rangeStartUnixNano + n * _step;

    /// <summary>Generates traces [first, first + count) into <paramref name="chunk"/>.</summary>
    public void Generate(long first, int count, Chunk chunk, StringBuilder sb)
    {
        for (var n = first; n < first + count; n++)
        {
            GenerateTrace(n, chunk, sb);
        }
    }

    private void GenerateTrace(long n, Chunk chunk, StringBuilder sb)
    {
        var rng = new Random((int)(Mix(nonce ^ (ulong)n) & 0x7fffffff));
        var traceId = TraceId(n);
        var serviceIndex = rng.Next(Services.Length);
        var service = Services[serviceIndex];
        var user = rng.NextDouble() < 0.9 ? $"user-{(int)(Math.Pow(rng.NextDouble(), 2) * Users):D5}" : null;
        var session = user is null ? null : $"sess-{Mix((ulong)n / 5 ^ 0xABCDEF):x12}";
        var start = StartOf(n) + (long)(rng.NextDouble() * _step * 0.9);
        var spanBase = Mix(nonce ^ ((ulong)n * 0x9E3779B97F4A7C15UL));
        string SpanId(int i) => $"{spanBase + (ulong)i * 0x1000193UL:x16}";

        var resource = ResourceJson[serviceIndex];
        var accumulator = new TraceSummaryAccumulator(traceId);
        var t = start + Ms(rng, 1, 5);
        var spans = new List<SpanRecord>(SpansPerTrace);

        // 1: retrieval step, with an embedding call (2) and a database query (3).
        var retrieveStart = t;
        var (embedding, embeddingEnd) = LlmSpan(rng, sb, traceId, SpanId(2), SpanId(1), service, resource, EmbeddingModel, retrieveStart + Ms(rng, 1, 3), user, session);
        var dbStart = embeddingEnd + Ms(rng, 0, 2);
        var dbEnd = dbStart + Ms(rng, 2, 80);
        var dbError = rng.NextDouble() < 0.01;
        var db = Plain(traceId, SpanId(3), SpanId(1), "SELECT documents", SpanKind.Client, service, resource, dbStart, dbEnd, dbError,
            dbError ? "PG::QueryCanceled" : null,
            "{\"db.system.name\":\"postgresql\",\"db.operation.name\":\"SELECT\",\"db.collection.name\":\"documents\",\"server.address\":\"pg-main\"}");
        var retrieveEnd = dbEnd + Ms(rng, 0, 3);
        var retrieve = Plain(traceId, SpanId(1), SpanId(0), "retrieve_context", SpanKind.Internal, service, resource, retrieveStart, retrieveEnd, false, null,
            "{\"retrieval.top_k\":8}");

        // 4: first chat call; 5: a tool; 6: second chat call with the tool result; 7: a cheap summarizer/guardrail call.
        var chatModel = PickChat(rng);
        var (chat1, chat1End) = LlmSpan(rng, sb, traceId, SpanId(4), SpanId(0), service, resource, chatModel, retrieveEnd + Ms(rng, 1, 5), user, session);
        var tool = Tools[rng.Next(Tools.Length)];
        var toolStart = chat1End + Ms(rng, 1, 4);
        var toolEnd = toolStart + Ms(rng, 5, 400);
        var toolError = rng.NextDouble() < 0.015;
        var toolSpan = Plain(traceId, SpanId(5), SpanId(0), "tool " + tool, SpanKind.Client, service, resource, toolStart, toolEnd, toolError,
            toolError ? "500" : null,
            $"{{\"http.request.method\":\"POST\",\"url.full\":\"https://internal.example.com/{tool}\",\"http.response.status_code\":{(toolError ? 500 : 200)}}}");
        var (chat2, chat2End) = LlmSpan(rng, sb, traceId, SpanId(6), SpanId(0), service, resource, chatModel, toolEnd + Ms(rng, 1, 4), user, session);
        var smallModel = rng.NextDouble() < 0.6 ? 1 : PickChat(rng);
        var (chat3, chat3End) = LlmSpan(rng, sb, traceId, SpanId(7), SpanId(0), service, resource, smallModel, chat2End + Ms(rng, 1, 4), user, session);

        var rootEnd = chat3End + Ms(rng, 1, 10);
        var rootError = chat2.IsError || chat3.IsError || toolError && rng.NextDouble() < 0.5;
        var root = Plain(traceId, SpanId(0), null, RootNames[serviceIndex], SpanKind.Server, service, resource, start, rootEnd, rootError,
            rootError ? "500" : null,
            $"{{\"http.request.method\":\"POST\",\"http.route\":\"{RootNames[serviceIndex]}\",\"http.response.status_code\":{(rootError ? 500 : 200)},\"user.id\":\"{user}\"}}") with
        {
            UserId = user,
            SessionId = session,
        };

        spans.Add(root);
        spans.Add(retrieve);
        spans.Add(embedding);
        spans.Add(db);
        spans.Add(chat1);
        spans.Add(toolSpan);
        spans.Add(chat2);
        spans.Add(chat3);
        foreach (var span in spans)
        {
            accumulator.Add(TraceSpanFacts.From(span));
            chunk.Spans.Add(span);
            if (span.Llm is { IsModelCall: true } llm)
            {
                var bucket = ModelBucket.StartOf(span.StartUnixNano);
                var key = new RollupKey(ModelIndex(llm.Model!), serviceIndex, bucket);
                if (!chunk.Rollups.TryGetValue(key, out var usage))
                {
                    chunk.Rollups[key] = usage = new ModelUsage();
                }

                usage.RecordCall(llm, span.IsError, span.DurationMs);
                chunk.MinBucket = Math.Min(chunk.MinBucket, bucket);
            }
        }

        chunk.Traces.Add(accumulator.ToSummary()!);
    }

    private static long Ms(Random rng, double min, double max) => (long)((min + rng.NextDouble() * (max - min)) * 1_000_000);

    private static SpanRecord Plain(string traceId, string spanId, string? parent, string name, SpanKind kind, string service, string resource,
        long start, long end, bool error, string? errorType, string attributes) => new()
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Name = name,
            Kind = kind,
            ServiceName = service,
            StartUnixNano = start,
            EndUnixNano = end,
            Status = error ? SpanStatusCode.Error : SpanStatusCode.Unset,
            StatusMessage = error ? "request failed" : null,
            ErrorType = errorType,
            AttributesJson = attributes,
            ResourceAttributesJson = resource,
        };

    private (SpanRecord Span, long End) LlmSpan(Random rng, StringBuilder sb, string traceId, string spanId, string parent, string service,
        string resource, int modelIndex, long start, string? user, string? session)
    {
        var m = Models[modelIndex];
        var error = rng.NextDouble() < 0.02;
        var durationMs = m.MinMs + Math.Pow(rng.NextDouble(), 2.5) * (m.MaxMs - m.MinMs);
        if (error)
        {
            durationMs = Math.Min(durationMs, 50 + rng.NextDouble() * 400);
        }

        var end = start + (long)(durationMs * 1_000_000);
        long? input = error ? null : m.MinInput + (long)(Math.Pow(rng.NextDouble(), 1.5) * (m.MaxInput - m.MinInput));
        long? output = error || m.IsEmbedding ? null : m.MinOutput + (long)(Math.Pow(rng.NextDouble(), 1.5) * (m.MaxOutput - m.MinOutput));
        long? cacheRead = input is { } i && rng.NextDouble() < m.CacheShare ? (long)(i * (0.3 + rng.NextDouble() * 0.6)) : null;
        long? reasoning = output is { } o && rng.NextDouble() < m.ReasoningShare ? (long)(o * (0.2 + rng.NextDouble() * 0.6)) : null;
        var streamed = !m.IsEmbedding && !error && rng.NextDouble() < 0.4;
        double? ttft = streamed ? Math.Min(durationMs, 150 + rng.NextDouble() * durationMs * 0.3) : null;
        var finish = error || m.IsEmbedding ? Array.Empty<string>() : [FinishReasons[rng.Next(FinishReasons.Length)]];

        // Drawn either way, so --no-content changes nothing else about the generated traffic.
        var prompt = Text(rng, sb, m.IsEmbedding ? 6 : 12, m.IsEmbedding ? 20 : 45, rare: !m.IsEmbedding && rng.NextDouble() < Vocabulary.RarePerCall * 3);
        string? inputText = m.IsEmbedding
            ? prompt
            : $"[{{\"role\":\"system\",\"content\":\"{SystemPrompts[rng.Next(SystemPrompts.Length)]}\"}},{{\"role\":\"user\",\"content\":\"{prompt}\"}}]";
        var outputText = error || m.IsEmbedding ? null : $"[{{\"role\":\"assistant\",\"content\":\"{Text(rng, sb, 10, 60, rare: false)}\"}}]";

        if (NoContent)
        {
            inputText = null;
            outputText = null;
        }

        var facts = new LlmFacts
        {
            Dialect = "otel-genai",
            Provider = m.Provider,
            Operation = m.Operation,
            RequestModel = m.RequestModel,
            ResponseModel = error ? null : m.ResponseModel,
            InputTokens = input,
            OutputTokens = output,
            CacheReadInputTokens = cacheRead,
            ReasoningOutputTokens = reasoning,
            TimeToFirstTokenMs = ttft,
            FinishReasons = finish,
            Input = inputText,
            Output = outputText,
        };
        // Failed calls are counted under the request model (no response model): keep the rollup key stable.
        if (error)
        {
            facts = facts with { ResponseModel = m.ResponseModel };
        }

        facts = CostCalculator.Apply(facts, PriceCatalog.Default, DateTimeOffset.FromUnixTimeMilliseconds(start / 1_000_000));
        var errorType = error ? (rng.NextDouble() < 0.6 ? "RateLimitError" : "APITimeoutError") : null;
        sb.Clear();
        sb.Append("{\"gen_ai.provider.name\":\"").Append(m.Provider).Append("\",\"gen_ai.operation.name\":\"").Append(m.Operation)
            .Append("\",\"gen_ai.request.model\":\"").Append(m.RequestModel).Append('"');
        if (!error)
        {
            sb.Append(",\"gen_ai.response.model\":\"").Append(m.ResponseModel).Append("\",\"gen_ai.response.id\":\"resp_").Append(spanId).Append('"');
        }

        if (input is { } inTok) sb.Append(",\"gen_ai.usage.input_tokens\":").Append(inTok);
        if (output is { } outTok) sb.Append(",\"gen_ai.usage.output_tokens\":").Append(outTok);
        if (cacheRead is { } cr) sb.Append(",\"gen_ai.usage.cache_read.input_tokens\":").Append(cr);
        if (reasoning is { } r) sb.Append(",\"gen_ai.usage.reasoning.output_tokens\":").Append(r);
        if (finish.Length > 0) sb.Append(",\"gen_ai.response.finish_reasons\":[\"").Append(finish[0]).Append("\"]");
        if (errorType is not null) sb.Append(",\"error.type\":\"").Append(errorType).Append('"');
        sb.Append(",\"gen_ai.request.temperature\":0.2,\"server.address\":\"").Append(m.Server).Append("\"}");

        var name = (m.IsEmbedding ? "embeddings " : m.Operation == "generate_content" ? "generate_content " : "chat ") + m.RequestModel;
        return (new SpanRecord
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Name = name,
            Kind = SpanKind.Client,
            ServiceName = service,
            StartUnixNano = start,
            EndUnixNano = end,
            Status = error ? SpanStatusCode.Error : SpanStatusCode.Unset,
            StatusMessage = error ? (errorType == "RateLimitError" ? "429 Too Many Requests" : "timed out") : null,
            ErrorType = errorType,
            UserId = user,
            SessionId = session,
            AttributesJson = sb.ToString(),
            ResourceAttributesJson = resource,
            Llm = facts,
        }, end);
    }

    private static string Text(Random rng, StringBuilder sb, int minWords, int maxWords, bool rare)
    {
        sb.Clear();
        var words = rng.Next(minWords, maxWords + 1);
        var rareAt = rare ? rng.Next(words) : -1;
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                sb.Append(w % 11 == 0 ? ". " : " ");
            }

            sb.Append(w == rareAt ? Vocabulary.Rare[rng.Next(Vocabulary.Rare.Length)] : Vocabulary.Next(rng));
        }

        return sb.ToString();
    }

    /// <summary>SplitMix64 finalizer: a bijection on 64-bit values.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
