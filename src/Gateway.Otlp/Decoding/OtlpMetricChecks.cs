using Observatory.Core.Metrics;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>A metric's name, unit, kind and temporality, shared by its data points.</summary>
internal readonly record struct OtlpMetricShape(string Name, string Unit, MetricKind Kind, MetricTemporality Temporality, bool IsMonotonic);

/// <summary>The resource and scope a metric was sent under.</summary>
internal readonly record struct OtlpMetricOrigin(IReadOnlyList<KeyValuePair<string, object?>> ResourceAttributes, string? ScopeName, string? ScopeVersion);

/// <summary>
/// What both wire formats check of a metric data point before it becomes a <see cref="MetricPointData"/>: the spec's
/// rules a store cannot do without (a name, a temporality for sums and histograms, one more bucket count than bounds).
/// Each problem names the field by its OTLP/JSON path.
/// </summary>
internal static class OtlpMetricChecks
{
    /// <summary>DataPointFlags.FLAG_NO_RECORDED_VALUE.</summary>
    private const uint NoRecordedValue = 1;

    public static long Count(ulong count, string path) =>
        count <= long.MaxValue ? (long)count : throw OtlpDecodeException.At(path, $"{count} is beyond the largest supported count ({long.MaxValue})");

    /// <param name="metricPath">Builds, only for an error, the metric's path with a trailing dot (<c>resourceMetrics[0].scopeMetrics[0].metrics[2].</c>).</param>
    public static MetricPointData Point(OtlpMetricShape shape, Func<string> metricPath, string field, OtlpMetricOrigin origin,
        IReadOnlyList<KeyValuePair<string, object?>> attributes, long start, long time, uint flags, MetricValue value)
    {
        if (shape.Name.Length == 0)
        {
            throw OtlpDecodeException.At(metricPath() + "name", "a metric needs a name");
        }

        if (shape.Kind is MetricKind.Sum or MetricKind.Histogram or MetricKind.ExponentialHistogram &&
            shape.Temporality is not (MetricTemporality.Delta or MetricTemporality.Cumulative))
        {
            var kind = field[..field.IndexOf('.')];
            throw OtlpDecodeException.At(metricPath() + kind + ".aggregationTemporality",
                $"must be AGGREGATION_TEMPORALITY_DELTA (1) or AGGREGATION_TEMPORALITY_CUMULATIVE (2) for {shape.Name}, got {(int)shape.Temporality}");
        }

        if (time == 0)
        {
            throw OtlpDecodeException.At(metricPath() + field + ".timeUnixNano", "a data point needs its time");
        }

        if (shape.Kind == MetricKind.Histogram && value.BucketCounts.Length > 0 && value.BucketCounts.Length != value.Bounds.Length + 1)
        {
            throw OtlpDecodeException.At(metricPath() + field + ".bucketCounts",
                $"expected {value.Bounds.Length + 1} bucket counts for {value.Bounds.Length} explicit bounds, got {value.BucketCounts.Length}");
        }

        if (shape.Kind == MetricKind.Histogram && !IsAscending(value.Bounds))
        {
            throw OtlpDecodeException.At(metricPath() + field + ".explicitBounds", "bounds must be strictly increasing");
        }

        return new MetricPointData
        {
            Instrument = shape.Name,
            Unit = shape.Unit,
            Kind = shape.Kind,
            Temporality = shape.Temporality,
            IsMonotonic = shape.IsMonotonic,
            StartTimeUnixNano = start,
            TimeUnixNano = time,
            NoRecordedValue = (flags & NoRecordedValue) != 0,
            Value = value,
            Attributes = attributes,
            ResourceAttributes = origin.ResourceAttributes,
            ScopeName = origin.ScopeName,
            ScopeVersion = origin.ScopeVersion,
        };
    }

    private static bool IsAscending(double[] bounds)
    {
        for (var i = 1; i < bounds.Length; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
