using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// Pre-serialized OTLP request templates whose ids and timestamps are patched in place per request, so building a
/// body costs one memcpy plus a few hundred byte writes. Every request gets fresh random-looking trace ids (a
/// bijective mix of a run nonce and a counter: unique, and as scattered in the B-tree as real ids) and span ids
/// XOR-ed with a per-request mask (parent links stay consistent); timestamps are shifted to "now".
/// </summary>
internal sealed class RequestFactory
{
    // All templates are generated around this instant; each request shifts them by (now - TemplateBase).
    private const long TemplateBaseUnixNano = 1_700_000_000_000_000_000;

    private readonly Template[] _templates;
    private readonly ulong _nonce;
    private readonly int _tracesPerRequest;

    public RequestFactory(BenchOptions options)
    {
        SpansPerRequest = options.EffectiveSpansPerRequest;
        _tracesPerRequest = options.TracesPerRequest;
        _nonce = (ulong)Random.Shared.NextInt64() ^ (ulong)DateTime.UtcNow.Ticks;
        _templates = Enumerable.Range(0, options.Templates)
            .Select(t => BuildTemplate(new Random(options.Seed + t), options))
            .ToArray();
        LlmSpansPerRequest = _templates.Average(t => t.LlmSpans);
    }

    public int SpansPerRequest { get; }

    public double LlmSpansPerRequest { get; }

    public int MaxBodyBytes => _templates.Max(t => t.Body.Length);

    public double AverageBodyBytes => _templates.Average(t => t.Body.Length);

    /// <summary>Writes request number <paramref name="sequence"/> into <paramref name="buffer"/> and returns its length.</summary>
    public int Build(long sequence, byte[] buffer, long nowUnixNano)
    {
        var template = _templates[(int)(sequence % _templates.Length)];
        var body = buffer.AsSpan(0, template.Body.Length);
        template.Body.CopyTo(body);

        for (var i = 0; i < template.TraceIdOffsets.Length; i++)
        {
            var traceNumber = (ulong)sequence * (ulong)_tracesPerRequest + (ulong)template.TraceOfOffset[i];
            var at = body.Slice(template.TraceIdOffsets[i], 16);
            BinaryPrimitives.WriteUInt64BigEndian(at, Mix(_nonce + traceNumber));
            BinaryPrimitives.WriteUInt64BigEndian(at[8..], Mix(~_nonce - traceNumber) | 1);
        }

        var mask = Mix(_nonce ^ (ulong)sequence * 0x9E3779B97F4A7C15UL);
        foreach (var offset in template.SpanIdOffsets)
        {
            var at = body.Slice(offset, 8);
            BinaryPrimitives.WriteUInt64BigEndian(at, BinaryPrimitives.ReadUInt64BigEndian(at) ^ mask);
        }

        var shift = (ulong)(nowUnixNano - TemplateBaseUnixNano);
        foreach (var offset in template.TimeOffsets)
        {
            var at = body.Slice(offset, 8);
            BinaryPrimitives.WriteUInt64LittleEndian(at, BinaryPrimitives.ReadUInt64LittleEndian(at) + shift);
        }

        return template.Body.Length;
    }

    public byte[] Build(long sequence, long nowUnixNano)
    {
        var buffer = new byte[MaxBodyBytes];
        var length = Build(sequence, buffer, nowUnixNano);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>gzip (fastest level, like OTel SDK exporters) of a built body into <paramref name="output"/>.</summary>
    public static void Gzip(ReadOnlySpan<byte> body, MemoryStream output)
    {
        output.SetLength(0);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(body);
    }

    public static long NowUnixNano() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>SplitMix64 finalizer: a bijection on 64-bit values.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private sealed record Template(byte[] Body, int[] TraceIdOffsets, int[] TraceOfOffset, int[] SpanIdOffsets, int[] TimeOffsets, int LlmSpans);

    private sealed record LlmModel(string Provider, string Operation, string RequestModel, string ResponseModel, string Server,
        int MinInput, int MaxInput, int MinOutput, int MaxOutput, int MinMs, int MaxMs);

    private static readonly LlmModel[] Models =
    [
        new("openai", "chat", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", 200, 6000, 20, 900, 400, 9000),
        new("openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "api.openai.com", 100, 4000, 10, 600, 250, 4000),
        new("openai", "chat", "gpt-4.1", "gpt-4.1-2025-04-14", "api.openai.com", 500, 12000, 50, 1500, 600, 12000),
        new("anthropic", "chat", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "api.anthropic.com", 300, 9000, 30, 1800, 800, 15000),
        new("anthropic", "chat", "claude-3-5-haiku", "claude-3-5-haiku-20241022", "api.anthropic.com", 100, 3000, 10, 500, 300, 3000),
        new("gcp.gemini", "generate_content", "gemini-2.5-flash", "gemini-2.5-flash", "generativelanguage.googleapis.com", 150, 8000, 20, 1200, 300, 6000),
        new("openai", "embeddings", "text-embedding-3-small", "text-embedding-3-small", "api.openai.com", 8, 512, 0, 0, 40, 400),
    ];

    private static readonly string[] Services = ["chat-api", "rag-worker", "support-agent"];
    private static readonly string[] FinishReasons = ["stop", "stop", "stop", "stop", "length", "tool_calls"];

    private static Template BuildTemplate(Random rng, BenchOptions options)
    {
        var service = Services[rng.Next(Services.Length)];
        var resource = new Resource();
        resource.Attributes.Add(Str("service.name", service));
        resource.Attributes.Add(Str("service.version", $"1.{rng.Next(10)}.{rng.Next(20)}"));
        resource.Attributes.Add(Str("deployment.environment.name", "production"));
        resource.Attributes.Add(Str("host.name", $"{service}-{rng.Next(1, 9)}"));
        resource.Attributes.Add(Str("telemetry.sdk.name", "opentelemetry"));
        resource.Attributes.Add(Str("telemetry.sdk.language", "python"));
        resource.Attributes.Add(Str("telemetry.sdk.version", "1.38.0"));

        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai_v2", Version = "2.1b0" } };
        var traceIds = new List<byte[]>();
        var spanIds = new HashSet<ulong>();
        var times = new HashSet<ulong>();
        var llmSpans = 0;
        for (var t = 0; t < options.TracesPerRequest; t++)
        {
            var traceId = RandomBytes(rng, 16);
            traceIds.Add(traceId);
            var user = $"user-{rng.Next(1, 5000)}";
            var session = $"sess-{rng.Next(1, 100_000):x6}";
            var traceStart = TemplateBaseUnixNano - rng.NextInt64(0, 5_000_000_000);
            var spans = new List<Span>(options.SpansPerTrace);
            var cursor = traceStart + rng.Next(100_000, 2_000_000);
            for (var s = 0; s < options.SpansPerTrace; s++)
            {
                ulong id;
                do
                {
                    id = (ulong)rng.NextInt64() | 1;
                }
                while (!spanIds.Add(id));

                var span = new Span { TraceId = ByteString.CopyFrom(traceId), SpanId = ByteString.CopyFrom(BigEndian(id)) };
                var isLlm = rng.NextDouble() < options.LlmShare;
                if (s == 0)
                {
                    RootSpan(span, rng, user, session, isLlm);
                }
                else
                {
                    // Mostly children of the root, some nested one level deeper (agent → tool → llm).
                    var parent = spans[s > 1 && rng.NextDouble() < 0.3 ? rng.Next(1, s) : 0];
                    span.ParentSpanId = parent.SpanId;
                }

                long durationNs;
                if (isLlm)
                {
                    llmSpans++;
                    var model = Models[rng.Next(Models.Length)];
                    durationNs = LlmSpan(span, rng, model, s == 0) * 1_000_000L;
                }
                else if (s == 0)
                {
                    durationNs = rng.Next(20, 400) * 1_000_000L;
                }
                else
                {
                    durationNs = (rng.NextDouble() < 0.5 ? HttpSpan(span, rng) : DbSpan(span, rng)) * 1_000L;
                }

                var start = s == 0 ? traceStart : cursor;
                span.StartTimeUnixNano = (ulong)start;
                span.EndTimeUnixNano = (ulong)(start + durationNs);
                cursor += durationNs / 2 + rng.Next(10_000, 500_000);
                spans.Add(span);
            }

            // The root ends after its last child.
            var root = spans[0];
            root.EndTimeUnixNano = Math.Max(root.EndTimeUnixNano, spans.Max(x => x.EndTimeUnixNano) + 1_000_000);
            foreach (var span in spans)
            {
                while (!times.Add(span.StartTimeUnixNano))
                {
                    span.StartTimeUnixNano++;
                }

                while (!times.Add(span.EndTimeUnixNano))
                {
                    span.EndTimeUnixNano++;
                }
            }

            scope.Spans.Add(spans);
        }

        var request = new ExportTraceServiceRequest();
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(resourceSpans);
        var body = request.ToByteArray();
        return Locate(body, traceIds, spanIds, times, options, llmSpans);
    }

    /// <summary>Finds every id and timestamp in the serialized body by its field tag plus exact value.</summary>
    private static Template Locate(byte[] body, List<byte[]> traceIds, HashSet<ulong> spanIds, HashSet<ulong> times, BenchOptions options, int llmSpans)
    {
        var traceOffsets = new List<int>();
        var traceOf = new List<int>();
        var spanOffsets = new List<int>();
        var timeOffsets = new List<int>();
        for (var i = 0; i + 2 < body.Length; i++)
        {
            var tag = body[i];
            if (tag == 0x0A && body[i + 1] == 16 && i + 18 <= body.Length)
            {
                var index = -1;
                for (var k = 0; k < traceIds.Count && index < 0; k++)
                {
                    index = body.AsSpan(i + 2, 16).SequenceEqual(traceIds[k]) ? k : -1;
                }
                if (index >= 0)
                {
                    traceOffsets.Add(i + 2);
                    traceOf.Add(index);
                    i += 17;
                }
            }
            else if ((tag == 0x12 || tag == 0x22) && body[i + 1] == 8 && i + 10 <= body.Length
                     && spanIds.Contains(BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(i + 2, 8))))
            {
                spanOffsets.Add(i + 2);
                i += 9;
            }
            else if ((tag == 0x39 || tag == 0x41) && i + 9 <= body.Length
                     && times.Contains(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(i + 1, 8))))
            {
                timeOffsets.Add(i + 1);
                i += 8;
            }
        }

        var spans = options.EffectiveSpansPerRequest;
        var expectedSpanIds = spans + (spans - options.TracesPerRequest);
        if (traceOffsets.Count != spans || spanOffsets.Count != expectedSpanIds || timeOffsets.Count != 2 * spans)
        {
            throw new InvalidOperationException(
                $"template patch points not found: trace ids {traceOffsets.Count}/{spans}, span ids {spanOffsets.Count}/{expectedSpanIds}, times {timeOffsets.Count}/{2 * spans}");
        }

        return new Template(body, traceOffsets.ToArray(), traceOf.ToArray(), spanOffsets.ToArray(), timeOffsets.ToArray(), llmSpans);
    }

    private static void RootSpan(Span span, Random rng, string user, string session, bool isLlm)
    {
        span.Kind = isLlm ? Span.Types.SpanKind.Client : Span.Types.SpanKind.Server;
        if (!isLlm)
        {
            var route = rng.NextDouble() < 0.7 ? "/v1/chat" : "/v1/answer";
            span.Name = "POST " + route;
            span.Attributes.Add(Str("http.request.method", "POST"));
            span.Attributes.Add(Str("http.route", route));
            span.Attributes.Add(Str("url.path", route));
            span.Attributes.Add(Str("url.scheme", "https"));
            span.Attributes.Add(Int("http.response.status_code", 200));
            span.Attributes.Add(Str("user_agent.original", "python-httpx/0.28.1"));
        }

        span.Attributes.Add(Str("user.id", user));
        span.Attributes.Add(Str("session.id", session));
    }

    /// <summary>Returns the duration in milliseconds.</summary>
    private static int LlmSpan(Span span, Random rng, LlmModel model, bool isRoot)
    {
        span.Kind = Span.Types.SpanKind.Client;
        span.Name = $"{model.Operation} {model.RequestModel}";
        var a = span.Attributes;
        a.Add(Str("gen_ai.provider.name", model.Provider));
        a.Add(Str("gen_ai.operation.name", model.Operation));
        a.Add(Str("gen_ai.request.model", model.RequestModel));
        a.Add(Str("gen_ai.response.model", model.ResponseModel));
        a.Add(Str("server.address", model.Server));
        a.Add(Int("server.port", 443));
        a.Add(Int("gen_ai.usage.input_tokens", rng.Next(model.MinInput, model.MaxInput)));
        if (model.Operation != "embeddings")
        {
            a.Add(Int("gen_ai.usage.output_tokens", rng.Next(model.MinOutput, model.MaxOutput)));
            a.Add(Dbl("gen_ai.request.temperature", Math.Round(rng.NextDouble(), 1)));
            a.Add(Int("gen_ai.request.max_tokens", 4096));
            a.Add(Str("gen_ai.response.id", $"chatcmpl-{rng.NextInt64():x16}"));
            var reasons = new ArrayValue();
            reasons.Values.Add(new AnyValue { StringValue = FinishReasons[rng.Next(FinishReasons.Length)] });
            a.Add(new KeyValue { Key = "gen_ai.response.finish_reasons", Value = new AnyValue { ArrayValue = reasons } });
            if (rng.NextDouble() < 0.3)
            {
                a.Add(Int("gen_ai.usage.cache_read.input_tokens", rng.Next(0, model.MinInput)));
            }
        }

        if (rng.NextDouble() < 0.03)
        {
            var error = rng.NextDouble() < 0.5 ? "openai.RateLimitError" : "429";
            a.Add(Str("error.type", error));
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "Rate limit reached for requests" };
        }

        if (isRoot)
        {
            span.Kind = Span.Types.SpanKind.Client;
        }

        return rng.Next(model.MinMs, model.MaxMs);
    }

    /// <summary>Returns the duration in microseconds.</summary>
    private static int HttpSpan(Span span, Random rng)
    {
        span.Kind = Span.Types.SpanKind.Client;
        var get = rng.NextDouble() < 0.6;
        span.Name = get ? "GET" : "POST";
        span.Attributes.Add(Str("http.request.method", span.Name));
        span.Attributes.Add(Str("url.full", get ? $"https://search.internal/v2/documents?q=q{rng.Next(1000)}&k=8" : "https://tools.internal/v1/invoke"));
        span.Attributes.Add(Str("server.address", get ? "search.internal" : "tools.internal"));
        span.Attributes.Add(Int("http.response.status_code", rng.NextDouble() < 0.98 ? 200 : 503));
        return rng.Next(2_000, 250_000);
    }

    /// <summary>Returns the duration in microseconds.</summary>
    private static int DbSpan(Span span, Random rng)
    {
        span.Kind = Span.Types.SpanKind.Client;
        span.Name = "SELECT documents";
        span.Attributes.Add(Str("db.system.name", "postgresql"));
        span.Attributes.Add(Str("db.namespace", "rag"));
        span.Attributes.Add(Str("db.operation.name", "SELECT"));
        span.Attributes.Add(Str("db.collection.name", "documents"));
        span.Attributes.Add(Str("db.query.text", "SELECT id, body FROM documents ORDER BY embedding <-> $1 LIMIT $2"));
        span.Attributes.Add(Str("server.address", "pg-rag.internal"));
        return rng.Next(300, 40_000);
    }

    private static byte[] RandomBytes(Random rng, int count)
    {
        var bytes = new byte[count];
        rng.NextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static KeyValue Dbl(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
}
