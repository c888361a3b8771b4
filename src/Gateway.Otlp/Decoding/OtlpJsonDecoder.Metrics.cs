using System.Globalization;
using System.Text.Json;
using Observatory.Core.Metrics;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// The metrics signal: <c>ExportMetricsServiceRequest</c> in OTLP/JSON to one <see cref="MetricPointData"/> per data
/// point. Counts (fixed64) arrive as numbers or strings, enums as numbers or names; exemplars are not kept.
/// </summary>
public static partial class OtlpJsonDecoder
{
    /// <summary>Parses and decodes the UTF-8 body of an OTLP/HTTP JSON metrics request.</summary>
    /// <exception cref="OtlpDecodeException">The body is not valid OTLP/JSON.</exception>
    public static IReadOnlyList<MetricPointData> DecodeMetrics(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, static request => new Reader().ReadMetrics(request));

    private static readonly Dictionary<string, long> TemporalityNames = new()
    {
        ["AGGREGATION_TEMPORALITY_UNSPECIFIED"] = 0,
        ["AGGREGATION_TEMPORALITY_DELTA"] = 1,
        ["AGGREGATION_TEMPORALITY_CUMULATIVE"] = 2,
    };

    private sealed partial class Reader
    {
        public List<MetricPointData> ReadMetrics(JsonElement request) =>
            [.. ReadRequest(request, OtlpEnvelope.Metrics, ReadMetric).SelectMany(points => points)];

        private List<MetricPointData> ReadMetric(JsonElement metric, ItemOrigin origin)
        {
            ExpectObject(metric);
            string name = "", unit = "";
            JsonProperty? data = null;
            foreach (var field in metric.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "name":
                        name = Within(field, ReadString);
                        break;
                    case "unit":
                        unit = Within(field, ReadString);
                        break;
                    case "gauge" or "sum" or "histogram" or "exponentialHistogram" or "summary" when field.Value.ValueKind != JsonValueKind.Null:
                        data = field;
                        break;
                }
            }

            var points = new List<MetricPointData>();
            if (data is not { } body)
            {
                return points;
            }

            var kind = FieldName(body) switch
            {
                "gauge" => MetricKind.Gauge,
                "sum" => MetricKind.Sum,
                "histogram" => MetricKind.Histogram,
                "exponentialHistogram" => MetricKind.ExponentialHistogram,
                _ => MetricKind.Summary,
            };
            var metricOrigin = new OtlpMetricOrigin(origin.ResourceAttributes, origin.ScopeName, origin.ScopeVersion);
            var metricPath = _path.ToString() + ".";
            Within(body, value => ReadData(value, FieldName(body), new OtlpMetricShape(name, unit, kind, MetricTemporality.Unspecified, false), metricPath, metricOrigin, points));
            return points;
        }

        private bool ReadData(JsonElement data, string kindField, OtlpMetricShape shape, string metricPath, OtlpMetricOrigin origin, List<MetricPointData> points)
        {
            ExpectObject(data);
            JsonProperty? dataPoints = null;
            foreach (var field in data.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "dataPoints":
                        dataPoints = field;
                        break;
                    case "aggregationTemporality":
                        shape = shape with { Temporality = (MetricTemporality)Within(field, value => ReadEnum(value, TemporalityNames)) };
                        break;
                    case "isMonotonic":
                        shape = shape with { IsMonotonic = Within(field, ReadBool) };
                        break;
                }
            }

            if (shape.Kind == MetricKind.Summary)
            {
                shape = shape with { Temporality = MetricTemporality.Cumulative };
            }

            if (dataPoints is { } list)
            {
                var index = 0;
                ForEachItem(list, point =>
                {
                    var field = $"{kindField}.dataPoints[{index++}]";
                    points.Add(ReadDataPoint(point, shape, metricPath, field, origin));
                });
            }

            return true;
        }

        private MetricPointData ReadDataPoint(JsonElement point, OtlpMetricShape shape, string metricPath, string pointField, OtlpMetricOrigin origin)
        {
            ExpectObject(point);
            IReadOnlyList<KeyValuePair<string, object?>> attributes = [];
            long start = 0, time = 0, flags = 0;
            var value = new MetricValue();
            foreach (var field in point.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "attributes":
                        attributes = Within(field, ReadAttributes);
                        break;
                    case "startTimeUnixNano":
                        start = Within(field, ReadUnixNano);
                        break;
                    case "timeUnixNano":
                        time = Within(field, ReadUnixNano);
                        break;
                    case "flags":
                        flags = Within(field, ReadInt64);
                        break;
                    case "asDouble":
                        value = value with { Number = Within(field, ReadDouble) };
                        break;
                    case "asInt":
                        value = value with { Number = Within(field, ReadInt64) };
                        break;
                    case "count":
                        value = value with { Count = Within(field, ReadCount) };
                        break;
                    case "sum" when field.Value.ValueKind != JsonValueKind.Null:
                        value = value with { Sum = Within(field, ReadDouble) };
                        break;
                    case "min" when field.Value.ValueKind != JsonValueKind.Null:
                        value = value with { Min = Within(field, ReadDouble) };
                        break;
                    case "max" when field.Value.ValueKind != JsonValueKind.Null:
                        value = value with { Max = Within(field, ReadDouble) };
                        break;
                    case "bucketCounts":
                        value = value with { BucketCounts = ReadCounts(field) };
                        break;
                    case "explicitBounds":
                        var bounds = new List<double>();
                        ForEachItem(field, bound => bounds.Add(ReadDouble(bound)));
                        value = value with { Bounds = [.. bounds] };
                        break;
                    case "scale":
                        value = value with { Scale = (int)Within(field, ReadInt32) };
                        break;
                    case "zeroCount":
                        value = value with { ZeroCount = Within(field, ReadCount) };
                        break;
                    case "positive":
                        var (positiveOffset, positiveCounts) = Within(field, ReadBuckets);
                        value = value with { PositiveOffset = positiveOffset, PositiveCounts = positiveCounts };
                        break;
                    case "negative":
                        var (negativeOffset, negativeCounts) = Within(field, ReadBuckets);
                        value = value with { NegativeOffset = negativeOffset, NegativeCounts = negativeCounts };
                        break;
                }
            }

            return OtlpMetricChecks.Point(shape, () => metricPath, pointField, origin, attributes, start, time, (uint)flags, value);
        }

        private (int Offset, long[] Counts) ReadBuckets(JsonElement buckets)
        {
            if (buckets.ValueKind == JsonValueKind.Null)
            {
                return (0, []);
            }

            ExpectObject(buckets);
            int offset = 0;
            long[] counts = [];
            foreach (var field in buckets.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "offset":
                        offset = (int)Within(field, ReadInt32);
                        break;
                    case "bucketCounts":
                        counts = ReadCounts(field);
                        break;
                }
            }

            return (offset, counts);
        }

        private long[] ReadCounts(JsonProperty field)
        {
            var counts = new List<long>();
            ForEachItem(field, count => counts.Add(ReadCount(count)));
            return [.. counts];
        }

        /// <summary>A fixed64/uint64 count, as a number or a string.</summary>
        private long ReadCount(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt64(out var number) && number >= 0:
                    return number;
                case JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number):
                    return number;
                case JsonValueKind.Null:
                    return 0;
                default:
                    throw _path.Error($"expected a non-negative count up to {long.MaxValue} (number or string), got {Describe(value)}");
            }
        }

        private long ReadInt32(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.Null => 0,
            _ => throw _path.Error($"expected a 32-bit integer, got {Describe(value)}"),
        };
    }
}
