using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Hand-built OTLP payloads for the logs-signal tests: LLM spans without content of their own, and the GenAI events
/// (log records) that carry it, in both wire encodings.
/// </summary>
public static class LogsSignalPayloads
{
    public static string NewTraceId() => Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

    public static string NewSpanId() => Guid.NewGuid().ToString("N")[..16];

    public static long NowUnixNano() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>One span of a trace, as the exporter would send it.</summary>
    public sealed record SpanSpec(string SpanId, string? ParentSpanId, string Name, long StartUnixNano, long DurationNano)
    {
        public List<KeyValue> Attributes { get; } = [];
        public List<Span.Types.Event> Events { get; } = [];
        public Span.Types.SpanKind Kind { get; init; } = Span.Types.SpanKind.Client;
    }

    /// <summary>An OpenAI chat span with tokens and no content attributes: its content must come from log events.</summary>
    public static SpanSpec ChatSpan(string spanId, string? parentSpanId, long startUnixNano, string model = "gpt-4o-mini")
    {
        var span = new SpanSpec(spanId, parentSpanId, "chat " + model, startUnixNano, 700_000_000);
        span.Attributes.Add(Str("gen_ai.provider.name", "openai"));
        span.Attributes.Add(Str("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Str("gen_ai.request.model", model));
        span.Attributes.Add(Int("gen_ai.usage.input_tokens", 20));
        span.Attributes.Add(Int("gen_ai.usage.output_tokens", 5));
        return span;
    }

    public static ExportTraceServiceRequest Traces(string traceId, string service, params SpanSpec[] specs)
    {
        var scope = new ScopeSpans();
        foreach (var spec in specs)
        {
            var span = new Span
            {
                TraceId = Id(traceId),
                SpanId = Id(spec.SpanId),
                Name = spec.Name,
                Kind = spec.Kind,
                StartTimeUnixNano = (ulong)spec.StartUnixNano,
                EndTimeUnixNano = (ulong)(spec.StartUnixNano + spec.DurationNano),
            };
            if (spec.ParentSpanId is not null)
            {
                span.ParentSpanId = Id(spec.ParentSpanId);
            }

            span.Attributes.Add(spec.Attributes);
            span.Events.Add(spec.Events);
            scope.Spans.Add(span);
        }

        var resourceSpans = new ResourceSpans { Resource = ServiceResource(service) };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static ExportLogsServiceRequest Logs(string service, params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai" } };
        scope.LogRecords.Add(records);
        var resourceLogs = new ResourceLogs { Resource = ServiceResource(service) };
        resourceLogs.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    /// <summary>A GenAI event as a protobuf log record; empty ids leave the record untied to a trace or span.</summary>
    public static LogRecord Event(string traceId, string spanId, string eventName, long timeUnixNano, AnyValue? body = null, params KeyValue[] attributes)
    {
        var record = new LogRecord
        {
            TimeUnixNano = (ulong)timeUnixNano,
            ObservedTimeUnixNano = (ulong)timeUnixNano,
            SeverityNumber = SeverityNumber.Info,
            EventName = eventName,
            TraceId = traceId.Length == 0 ? ByteString.Empty : Id(traceId),
            SpanId = spanId.Length == 0 ? ByteString.Empty : Id(spanId),
        };
        if (body is not null)
        {
            record.Body = body;
        }

        record.Attributes.Add(attributes);
        return record;
    }

    public static AnyValue Map(params (string Key, AnyValue Value)[] entries)
    {
        var list = new KeyValueList();
        foreach (var (key, value) in entries)
        {
            list.Values.Add(new KeyValue { Key = key, Value = value });
        }

        return new AnyValue { KvlistValue = list };
    }

    public static AnyValue S(string value) => new() { StringValue = value };

    public static AnyValue I(long value) => new() { IntValue = value };

    public static KeyValue Str(string key, string value) => new() { Key = key, Value = S(value) };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = I(value) };

    private static Resource ServiceResource(string service)
    {
        var resource = new Resource();
        resource.Attributes.Add(Str("service.name", service));
        return resource;
    }

    private static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
