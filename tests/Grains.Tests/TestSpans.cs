using Observatory.Core.Pricing;
using Observatory.Core.Spans;

namespace Observatory.Grains.Tests;

/// <summary>
/// Builds spans the way the OTLP gateway hands them to the cluster: decoded OTel GenAI attributes turned into
/// <see cref="SpanRecord"/>s (LLM facts and catalog cost included) by the production <see cref="SpanRecordFactory"/>.
/// Times are whole microseconds, so the <c>traces</c> row (timestamptz) holds them exactly.
/// </summary>
internal static class TestSpans
{
    public const long NanosPerMs = 1_000_000;
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerMinute = 60 * NanosPerSecond;

    private static readonly SpanRecordFactory Factory = new(PriceCatalog.Default);

    /// <summary>2025-06-02 10:00:00 UTC, the start of a minute.</summary>
    public static readonly DateTime BaseTime = new(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc);

    public static long BaseNano => (BaseTime - DateTime.UnixEpoch).Ticks * 100;

    public static long At(TimeSpan offset) => BaseNano + offset.Ticks * 100;

    public static DateTime ToDateTime(long unixNano) => DateTime.UnixEpoch.AddTicks(unixNano / 100);

    public static string NewProject() => "p-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewTraceId() => Guid.NewGuid().ToString("N");

    public static string SpanId(int n) => n.ToString("x16");

    /// <summary>A plain (non-LLM) span.</summary>
    public static SpanRecord Plain(
        string traceId, int spanId, int? parent, string name, string service, long start, long end,
        bool error = false, string? user = null, string? session = null, params (string Key, object? Value)[] attributes)
    {
        var attrs = new List<KeyValuePair<string, object?>>(attributes.Select(a => KeyValuePair.Create(a.Key, a.Value)));
        if (user is not null)
        {
            attrs.Add(KeyValuePair.Create<string, object?>("user.id", user));
        }

        if (session is not null)
        {
            attrs.Add(KeyValuePair.Create<string, object?>("session.id", session));
        }

        if (error)
        {
            attrs.Add(KeyValuePair.Create<string, object?>("error.type", "TimeoutError"));
        }

        return Factory.Create(new SpanData
        {
            TraceId = traceId,
            SpanId = SpanId(spanId),
            ParentSpanId = parent is { } p ? SpanId(p) : null,
            Name = name,
            Kind = SpanKind.Internal,
            StartUnixNano = start,
            EndUnixNano = end,
            Status = error ? SpanStatusCode.Error : SpanStatusCode.Unset,
            StatusMessage = error ? "boom" : null,
            Attributes = attrs,
            ResourceAttributes = [KeyValuePair.Create<string, object?>("service.name", service)],
        });
    }

    /// <summary>A model call in OTel GenAI conventions; null tokens mean the span reported no usage.</summary>
    public static SpanRecord Llm(
        string traceId, int spanId, int? parent, string service, long start, long end, string provider, string model,
        long? input, long? output, bool error = false, string? user = null, string operation = "chat")
    {
        var attributes = new List<(string, object?)>
        {
            ("gen_ai.operation.name", operation),
            ("gen_ai.provider.name", provider),
            ("gen_ai.request.model", model),
            ("gen_ai.response.model", model),
        };
        if (input is { } i)
        {
            attributes.Add(("gen_ai.usage.input_tokens", i));
        }

        if (output is { } o)
        {
            attributes.Add(("gen_ai.usage.output_tokens", o));
        }

        var span = Plain(traceId, spanId, parent, $"{operation} {model}", service, start, end, error, user, null, [.. attributes]);
        return span.Llm is { IsModelCall: true }
            ? span
            : throw new InvalidOperationException("The normalizer did not read the test span as a model call.");
    }

    /// <summary>List prices per 1M tokens (prices.json, written out here so the expected costs don't come from the code under test).</summary>
    public static decimal Cost(string model, long input, long output) => model switch
    {
        "gpt-4o" => (input * 2.5m + output * 10m) / 1_000_000m,
        "gpt-4o-mini" => (input * 0.15m + output * 0.6m) / 1_000_000m,
        "claude-sonnet-4" => (input * 3m + output * 15m) / 1_000_000m,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "No test price."),
    };
}
