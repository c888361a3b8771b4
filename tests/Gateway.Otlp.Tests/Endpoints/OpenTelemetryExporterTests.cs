using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>An unmodified OpenTelemetry .NET SDK pointed at the gateway is all a user configures.</summary>
public sealed class OpenTelemetryExporterTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Spans_from_the_opentelemetry_dotnet_exporter_arrive_intact(OtlpExportProtocol protocol)
    {
        await using var host = await OtlpTestHost.StartAsync();
        var sourceName = $"observatory.test.{protocol}";
        using var source = new ActivitySource(sourceName, "1.2.3");
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support-bot"))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc
                    ? new Uri($"http://127.0.0.1:{host.GrpcPort}")
                    : new Uri($"http://127.0.0.1:{host.HttpPort}/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        string traceId, rootId;
        using (var root = source.StartActivity("POST /answer", ActivityKind.Server)!)
        {
            traceId = root.TraceId.ToHexString();
            rootId = root.SpanId.ToHexString();
            using var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
            chat.SetTag("gen_ai.request.model", "gpt-4o");
            chat.SetTag("gen_ai.usage.input_tokens", 1200L);
            chat.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
            chat.SetStatus(ActivityStatusCode.Error, "rate limited");
        }

        Assert.True(tracing.ForceFlush(10_000));
        var spans = host.Ingestor.Calls.SelectMany(c => c.Spans).ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.All(spans, s => Assert.Equal("support-bot", s.ServiceName));
        var chatRecord = spans.Single(s => s.Name == "chat gpt-4o");
        Assert.Equal(rootId, chatRecord.ParentSpanId);
        Assert.Equal(Observatory.Core.Spans.SpanStatusCode.Error, chatRecord.Status);
        Assert.Equal("rate limited", chatRecord.StatusMessage);
        Assert.Equal(1200, chatRecord.Llm?.InputTokens);
    }
}
