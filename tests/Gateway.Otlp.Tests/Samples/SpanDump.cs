using System.Globalization;
using System.Text;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Tests.Samples;

/// <summary>A canonical text form of decoded spans (value types included), so a whole decode compares in one assert with a readable diff.</summary>
public static class SpanDump
{
    public static string Of(IEnumerable<SpanData> spans) => string.Join("\n---\n", spans.Select(Of));

    public static string Of(SpanData span)
    {
        var text = new StringBuilder();
        text.AppendLine($"trace={span.TraceId} span={span.SpanId} parent={span.ParentSpanId ?? "(root)"}");
        text.AppendLine($"name={span.Name} kind={span.Kind} start={span.StartUnixNano} end={span.EndUnixNano}");
        text.AppendLine($"status={span.Status} message={span.StatusMessage ?? "(none)"} scope={span.ScopeName}@{span.ScopeVersion}");
        text.AppendLine($"resource={Attributes(span.ResourceAttributes)}");
        text.AppendLine($"attributes={Attributes(span.Attributes)}");
        foreach (var ev in span.Events)
        {
            text.AppendLine($"event {ev.Name} at {ev.TimeUnixNano} {Attributes(ev.Attributes)}");
        }

        return text.ToString();
    }

    public static string Attributes(IEnumerable<KeyValuePair<string, object?>> attributes) =>
        "{" + string.Join(", ", attributes.Select(a => $"{a.Key}: {Value(a.Value)}")) + "}";

    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{s}\"",
        bool b => $"bool {b}",
        long l => $"long {l}",
        double d => $"double {d.ToString("R", CultureInfo.InvariantCulture)}",
        byte[] bytes => $"bytes {Convert.ToHexStringLower(bytes)}",
        IReadOnlyList<KeyValuePair<string, object?>> kvlist => $"kvlist {Attributes(kvlist)}",
        IReadOnlyList<object?> array => $"array [{string.Join(", ", array.Select(Value))}]",
        _ => $"UNEXPECTED {value.GetType().Name} {value}",
    };
}
