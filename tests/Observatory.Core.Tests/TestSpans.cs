using Observatory.Core.Spans;

namespace Observatory.Core.Tests;

/// <summary>Builds decoded spans the way the OTLP gateway hands them over.</summary>
internal static class TestSpans
{
    public const string TraceId = "5b8efff798038103d269b633813fc60c";
    public const string SpanId = "eee19b7ec3c1b174";

    public static SpanData With(params (string Key, object? Value)[] attributes) => new()
    {
        TraceId = TraceId,
        SpanId = SpanId,
        Name = "chat",
        Kind = SpanKind.Client,
        StartUnixNano = 1_700_000_000_000_000_000,
        EndUnixNano = 1_700_000_001_250_000_000,
        Attributes = Attributes(attributes),
    };

    public static IReadOnlyList<KeyValuePair<string, object?>> Attributes(params (string Key, object? Value)[] attributes) =>
        attributes.Select(a => KeyValuePair.Create(a.Key, a.Value)).ToArray();

    public static IReadOnlyList<object?> List(params object?[] items) => items;
}
