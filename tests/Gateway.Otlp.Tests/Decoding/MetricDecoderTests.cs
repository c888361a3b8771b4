using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observatory.Core.Metrics;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Tests.Endpoints;

namespace Observatory.Gateway.Otlp.Tests.Decoding;

/// <summary>The metrics signal in both wire formats, and through both transports to the ingestor.</summary>
public sealed class MetricDecoderTests
{
    private const ulong T0 = 1_796_000_000_000_000_000;

    /// <summary>One metric of every data type, as the GenAI conventions would send them.</summary>
    private static ExportMetricsServiceRequest Sample()
    {
        KeyValue Str(string k, string v) => new() { Key = k, Value = new AnyValue { StringValue = v } };
        var model = new[] { Str("gen_ai.operation.name", "chat"), Str("gen_ai.provider.name", "openai"), Str("gen_ai.request.model", "gpt-4o") };
        var tokens = new NumberDataPoint { StartTimeUnixNano = T0, TimeUnixNano = T0 + 60, AsInt = 1200 };
        tokens.Attributes.AddRange([.. model, Str("gen_ai.token.type", "input"), new KeyValue { Key = "server.port", Value = new AnyValue { IntValue = 443 } }]);
        var queue = new NumberDataPoint { TimeUnixNano = T0 + 30, AsDouble = 2.5, Flags = 0 };
        var duration = new HistogramDataPoint { StartTimeUnixNano = T0, TimeUnixNano = T0 + 60, Count = 3, Sum = 4.5, Min = 0.5, Max = 3 };
        duration.ExplicitBounds.AddRange([1, 2]);
        duration.BucketCounts.AddRange([1, 1, 1]);
        duration.Attributes.AddRange(model);
        var ttft = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = T0,
            TimeUnixNano = T0 + 60,
            Count = 5,
            Sum = 1.25,
            Scale = 4,
            ZeroCount = 1,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -30 },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 2 },
        };
        ttft.Positive.BucketCounts.AddRange([2, 0, 1]);
        ttft.Negative.BucketCounts.Add(1);
        var stale = new NumberDataPoint { StartTimeUnixNano = T0, TimeUnixNano = T0 + 90, Flags = 1 };
        var summary = new SummaryDataPoint { StartTimeUnixNano = T0, TimeUnixNano = T0 + 60, Count = 4, Sum = 10 };
        summary.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 2 });

        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai_v2", Version = "2.1b0" } };
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        sum.DataPoints.AddRange([tokens, stale]);
        scope.Metrics.Add(new Metric { Name = "gen_ai.client.inference.tokens", Unit = "{token}", Sum = sum });
        scope.Metrics.Add(new Metric { Name = "gen_ai.server.queue.size", Unit = "{request}", Gauge = new Gauge { DataPoints = { queue } } });
        scope.Metrics.Add(new Metric
        {
            Name = "gen_ai.client.operation.duration",
            Unit = "s",
            Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { duration } },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "gen_ai.server.time_to_first_token",
            Unit = "s",
            ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { ttft } },
        });
        scope.Metrics.Add(new Metric { Name = "rpc.server.duration", Unit = "ms", Summary = new Summary { DataPoints = { summary } } });
        var resource = new ResourceMetrics { Resource = new Resource { Attributes = { Str("service.name", "chat-api") } } };
        resource.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    private static string Dump(IReadOnlyList<MetricPointData> points) => JsonSerializer.Serialize(points);

    [Fact]
    public void Every_data_type_decodes_to_one_point_each_with_its_metric_resource_and_scope()
    {
        var points = OtlpProtobufDecoder.DecodeMetrics(new ReadOnlySequence<byte>(Sample().ToByteArray()));

        Assert.Equal(
            ["gen_ai.client.inference.tokens", "gen_ai.client.inference.tokens", "gen_ai.server.queue.size", "gen_ai.client.operation.duration",
             "gen_ai.server.time_to_first_token", "rpc.server.duration"],
            points.Select(p => p.Instrument));
        var tokens = points[0];
        Assert.Equal((MetricKind.Sum, MetricTemporality.Cumulative, true), (tokens.Kind, tokens.Temporality, tokens.IsMonotonic));
        Assert.Equal(1200, tokens.Value.Number);
        Assert.Equal(443L, tokens.Attributes.Single(a => a.Key == "server.port").Value);
        Assert.Equal("chat-api", tokens.ResourceAttributes.Single().Value);
        Assert.Equal(("opentelemetry.instrumentation.openai_v2", "2.1b0"), (tokens.ScopeName, tokens.ScopeVersion));
        Assert.True(points[1].NoRecordedValue);
        Assert.Equal(2.5, points[2].Value.Number);
        Assert.Equal(MetricKind.Gauge, points[2].Kind);
        var duration = points[3].Value;
        Assert.Equal((3L, 4.5, 0.5, 3.0), (duration.Count, duration.Sum!.Value, duration.Min!.Value, duration.Max!.Value));
        Assert.Equal([1.0, 2.0], duration.Bounds);
        Assert.Equal([1L, 1L, 1L], duration.BucketCounts);
        var ttft = points[4].Value;
        Assert.Equal((4, 1L, -30, 2), (ttft.Scale, ttft.ZeroCount, ttft.PositiveOffset, ttft.NegativeOffset));
        Assert.Equal([2L, 0L, 1L], ttft.PositiveCounts);
        Assert.Equal([1L], ttft.NegativeCounts);
        Assert.Equal((MetricKind.Summary, 4L, 10.0), (points[5].Kind, points[5].Value.Count, points[5].Value.Sum!.Value));
    }

    [Fact]
    public void Otlp_json_decodes_to_the_same_points_as_the_equivalent_protobuf()
    {
        // Google.Protobuf's formatter writes the protobuf JSON mapping: int64 and fixed64 as strings, enums by name.
        var json = JsonFormatter.Default.Format(Sample());
        Assert.Contains("\"AGGREGATION_TEMPORALITY_CUMULATIVE\"", json);

        var fromJson = OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Dump(OtlpProtobufDecoder.Decode(Sample())), Dump(fromJson));
    }

    [Fact]
    public void A_metric_without_a_name_is_refused_naming_the_field()
    {
        var request = Sample();
        request.ResourceMetrics[0].ScopeMetrics[0].Metrics[2].Name = "";
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.Decode(request));
        Assert.Equal("resourceMetrics[0].scopeMetrics[0].metrics[2].name: a metric needs a name", error.Message);
    }

    [Fact]
    public async Task Http_and_grpc_hand_only_the_stored_instruments_with_values_to_the_ingestor()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using (var content = new ByteArrayContent(Sample().ToByteArray()))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await host.Http.PostAsync("/v1/metrics", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var reply = await new MetricsService.MetricsServiceClient(host.Channel).ExportAsync(Sample());
        Assert.Null(reply.PartialSuccess);

        // Twice the same: the stale point and the non-GenAI summary (rpc.server.duration) are dropped at the edge.
        Assert.Equal(2, host.MetricIngestor.Calls.Count);
        Assert.All(host.MetricIngestor.Calls, call => Assert.Equal(
            ["gen_ai.client.inference.tokens", "gen_ai.server.queue.size", "gen_ai.client.operation.duration", "gen_ai.server.time_to_first_token"],
            call.Points.Select(p => p.Instrument)));
    }
}
