using System.Text.Json.Nodes;

namespace Observatory.EndToEnd.Tests;

/// <summary>Builds an OTLP/JSON trace request span by span, each span under its own instrumentation scope.</summary>
internal sealed class EmitterOtlpJson(string traceId, string service, DateTime start)
{
    private readonly JsonArray _scopeSpans = [];

    /// <summary>Adds a span that starts <paramref name="offsetMs"/> after the trace start and lasts <paramref name="durationMs"/>.</summary>
    public EmitterOtlpJson Span(string scope, string spanId, string? parentId, string name, int kind, int offsetMs, int durationMs,
        params (string Key, object Value)[] attributes)
    {
        var startNano = (start.AddMilliseconds(offsetMs) - DateTime.UnixEpoch).Ticks * 100;
        var span = new JsonObject
        {
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["name"] = name,
            ["kind"] = kind,
            ["startTimeUnixNano"] = startNano.ToString(),
            ["endTimeUnixNano"] = (startNano + durationMs * 1_000_000L).ToString(),
            ["status"] = new JsonObject { ["code"] = 1 },
            ["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["value"] = Value(a.Value) }).ToArray()),
        };
        if (parentId is not null)
        {
            span["parentSpanId"] = parentId;
        }

        _scopeSpans.Add(new JsonObject { ["scope"] = new JsonObject { ["name"] = scope }, ["spans"] = new JsonArray(span) });
        return this;
    }

    public string ToJson() => new JsonObject
    {
        ["resourceSpans"] = new JsonArray(new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["attributes"] = new JsonArray(new JsonObject { ["key"] = "service.name", ["value"] = Value(service) }),
            },
            ["scopeSpans"] = _scopeSpans.DeepClone(),
        }),
    }.ToJsonString();

    private static JsonObject Value(object value) => value switch
    {
        string s => new JsonObject { ["stringValue"] = s },
        long l => new JsonObject { ["intValue"] = l.ToString() },
        int i => new JsonObject { ["intValue"] = i.ToString() },
        double d => new JsonObject { ["doubleValue"] = d },
        string[] items => new JsonObject
        {
            ["arrayValue"] = new JsonObject { ["values"] = new JsonArray(items.Select(i => (JsonNode)new JsonObject { ["stringValue"] = i }).ToArray()) },
        },
        _ => throw new ArgumentException($"unsupported attribute value {value.GetType()}"),
    };
}
