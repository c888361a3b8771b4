using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>OTLP metrics requests built with the generated types, shaped as the GenAI conventions describe them.</summary>
internal static class MetricsSignalPayloads
{
    public const long Second = 1_000_000_000;

    public static long NowUnixNano() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    public static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static ExportMetricsServiceRequest Request(string service, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai_v2", Version = "2.1b0" } };
        scope.Metrics.AddRange(metrics);
        var resource = new ResourceMetrics { Resource = new Resource() };
        resource.Resource.Attributes.Add(Str("service.name", service));
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    /// <summary>A monotonic sum (a Counter) with one point per (start, time, value).</summary>
    public static Metric Counter(string name, AggregationTemporality temporality, KeyValue[] attributes, params (long Start, long Time, int Value)[] points)
    {
        var sum = new Sum { AggregationTemporality = temporality, IsMonotonic = true };
        foreach (var (start, time, value) in points)
        {
            var point = new NumberDataPoint { StartTimeUnixNano = (ulong)start, TimeUnixNano = (ulong)time, AsInt = value };
            point.Attributes.AddRange(attributes);
            sum.DataPoints.Add(point);
        }

        return new Metric { Name = name, Unit = "{token}", Sum = sum };
    }

    /// <summary>An explicit-bucket histogram point.</summary>
    public static Metric Histogram(string name, string unit, AggregationTemporality temporality, KeyValue[] attributes, long start, long time,
        double[] bounds, ulong[] counts, double sum, double? min = null, double? max = null)
    {
        var point = new HistogramDataPoint
        {
            StartTimeUnixNano = (ulong)start,
            TimeUnixNano = (ulong)time,
            Count = (ulong)counts.Sum(c => (long)c),
            Sum = sum,
        };
        if (min is { } mn)
        {
            point.Min = mn;
        }

        if (max is { } mx)
        {
            point.Max = mx;
        }

        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        point.Attributes.AddRange(attributes);
        var histogram = new Histogram { AggregationTemporality = temporality };
        histogram.DataPoints.Add(point);
        return new Metric { Name = name, Unit = unit, Histogram = histogram };
    }

    /// <summary>The bucket boundaries the GenAI conventions advise for gen_ai.client.operation.duration (seconds).</summary>
    public static readonly double[] DurationBounds = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The bucket boundaries the GenAI conventions advise for gen_ai.client.token.usage.</summary>
    public static readonly double[] TokenBounds = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    public static byte[] Bytes(ExportMetricsServiceRequest request) => request.ToByteArray();
}
