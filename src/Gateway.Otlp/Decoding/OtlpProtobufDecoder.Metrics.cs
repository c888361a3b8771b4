using System.Buffers;
using Google.Protobuf.Collections;
using Observatory.Core.Metrics;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Metrics.V1;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>The metrics signal: <c>ExportMetricsServiceRequest</c> to one <see cref="MetricPointData"/> per data point.</summary>
public static partial class OtlpProtobufDecoder
{
    /// <summary>Parses and decodes the body of an OTLP/HTTP protobuf metrics request.</summary>
    /// <exception cref="OtlpDecodeException">The bytes are not a valid request.</exception>
    public static IReadOnlyList<MetricPointData> DecodeMetrics(ReadOnlySequence<byte> body) =>
        Decode(Parse(ExportMetricsServiceRequest.Parser, body));

    /// <summary>Decodes an already parsed request.</summary>
    /// <exception cref="OtlpDecodeException">A metric has no name, an invalid temporality, timestamp or bucket layout.</exception>
    public static IReadOnlyList<MetricPointData> Decode(ExportMetricsServiceRequest request)
    {
        var points = new List<MetricPointData>();
        for (var r = 0; r < request.ResourceMetrics.Count; r++)
        {
            var resourceMetrics = request.ResourceMetrics[r];
            var resourceAttributes = resourceMetrics.Resource is { } resource ? ToAttributes(resource.Attributes) : [];
            for (var s = 0; s < resourceMetrics.ScopeMetrics.Count; s++)
            {
                var scopeMetrics = resourceMetrics.ScopeMetrics[s];
                var origin = new OtlpMetricOrigin(resourceAttributes, OptionalText(scopeMetrics.Scope?.Name), OptionalText(scopeMetrics.Scope?.Version));
                for (var m = 0; m < scopeMetrics.Metrics.Count; m++)
                {
                    ReadMetric(scopeMetrics.Metrics[m], new ItemLocation(OtlpEnvelope.Metrics, r, s, m), origin, points);
                }
            }
        }

        return points;
    }

    private static void ReadMetric(Metric metric, ItemLocation at, OtlpMetricOrigin origin, List<MetricPointData> points)
    {
        var name = Text(metric.Name);
        var unit = Text(metric.Unit);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                ReadNumbers(metric.Gauge.DataPoints, "gauge", new OtlpMetricShape(name, unit, MetricKind.Gauge, MetricTemporality.Unspecified, false), at, origin, points);
                break;
            case Metric.DataOneofCase.Sum:
                var sumShape = new OtlpMetricShape(name, unit, MetricKind.Sum, (MetricTemporality)metric.Sum.AggregationTemporality, metric.Sum.IsMonotonic);
                ReadNumbers(metric.Sum.DataPoints, "sum", sumShape, at, origin, points);
                break;
            case Metric.DataOneofCase.Histogram:
                var histogram = new OtlpMetricShape(name, unit, MetricKind.Histogram, (MetricTemporality)metric.Histogram.AggregationTemporality, false);
                for (var p = 0; p < metric.Histogram.DataPoints.Count; p++)
                {
                    var point = metric.Histogram.DataPoints[p];
                    var field = $"histogram.dataPoints[{p}]";
                    var value = new MetricValue
                    {
                        Count = OtlpMetricChecks.Count(point.Count, at.Field(field + ".count")),
                        Sum = point.HasSum ? point.Sum : null,
                        Min = point.HasMin ? point.Min : null,
                        Max = point.HasMax ? point.Max : null,
                        Bounds = [.. point.ExplicitBounds],
                        BucketCounts = [.. point.BucketCounts.Select(c => OtlpMetricChecks.Count(c, at.Field(field + ".bucketCounts")))],
                    };
                    points.Add(ToPoint(histogram, field, at, origin, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, value));
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponential = new OtlpMetricShape(name, unit, MetricKind.ExponentialHistogram,
                    (MetricTemporality)metric.ExponentialHistogram.AggregationTemporality, false);
                for (var p = 0; p < metric.ExponentialHistogram.DataPoints.Count; p++)
                {
                    var point = metric.ExponentialHistogram.DataPoints[p];
                    var field = $"exponentialHistogram.dataPoints[{p}]";
                    var value = new MetricValue
                    {
                        Count = OtlpMetricChecks.Count(point.Count, at.Field(field + ".count")),
                        Sum = point.HasSum ? point.Sum : null,
                        Min = point.HasMin ? point.Min : null,
                        Max = point.HasMax ? point.Max : null,
                        Scale = point.Scale,
                        ZeroCount = OtlpMetricChecks.Count(point.ZeroCount, at.Field(field + ".zeroCount")),
                        PositiveOffset = point.Positive?.Offset ?? 0,
                        PositiveCounts = [.. (point.Positive?.BucketCounts ?? []).Select(c => OtlpMetricChecks.Count(c, at.Field(field + ".positive.bucketCounts")))],
                        NegativeOffset = point.Negative?.Offset ?? 0,
                        NegativeCounts = [.. (point.Negative?.BucketCounts ?? []).Select(c => OtlpMetricChecks.Count(c, at.Field(field + ".negative.bucketCounts")))],
                    };
                    points.Add(ToPoint(exponential, field, at, origin, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, value));
                }

                break;
            case Metric.DataOneofCase.Summary:
                var summary = new OtlpMetricShape(name, unit, MetricKind.Summary, MetricTemporality.Cumulative, false);
                for (var p = 0; p < metric.Summary.DataPoints.Count; p++)
                {
                    var point = metric.Summary.DataPoints[p];
                    var field = $"summary.dataPoints[{p}]";
                    var value = new MetricValue { Count = OtlpMetricChecks.Count(point.Count, at.Field(field + ".count")), Sum = point.Sum };
                    points.Add(ToPoint(summary, field, at, origin, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, value));
                }

                break;
        }
    }

    private static void ReadNumbers(RepeatedField<NumberDataPoint> dataPoints, string kind, OtlpMetricShape shape, ItemLocation at, OtlpMetricOrigin origin,
        List<MetricPointData> points)
    {
        for (var p = 0; p < dataPoints.Count; p++)
        {
            var point = dataPoints[p];
            double? number = point.ValueCase switch
            {
                NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
                NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
                _ => null,
            };
            var field = $"{kind}.dataPoints[{p}]";
            points.Add(ToPoint(shape, field, at, origin, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano, point.Flags, new MetricValue { Number = number }));
        }
    }

    private static MetricPointData ToPoint(OtlpMetricShape shape, string field, ItemLocation at, OtlpMetricOrigin origin,
        RepeatedField<Proto.Common.V1.KeyValue> attributes, ulong start, ulong time, uint flags, MetricValue value) =>
        OtlpMetricChecks.Point(shape, () => at.Field(""), field, origin, ToAttributes(attributes),
            ToUnixNano(start, at, field + ".startTimeUnixNano"), ToUnixNano(time, at, field + ".timeUnixNano"), flags, value);
}
