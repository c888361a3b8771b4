using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
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

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Log_records_from_the_opentelemetry_dotnet_exporter_arrive_tied_to_their_span(OtlpExportProtocol protocol)
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var source = new ActivitySource($"observatory.logs.{protocol}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using (var loggers = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support-bot"));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc
                    ? new Uri($"http://127.0.0.1:{host.GrpcPort}")
                    : new Uri($"http://127.0.0.1:{host.HttpPort}/v1/logs");
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        })))
        {
            var logger = loggers.CreateLogger("SupportBot.Chat");
            string traceId, spanId;
            using (var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                traceId = chat.TraceId.ToHexString();
                spanId = chat.SpanId.ToHexString();
                logger.Log(LogLevel.Information, new EventId(1, "gen_ai.user.message"), "User asked {Question}", "What is the capital of France?");
            }

            logger.LogWarning("Retrying in {Delay} seconds", 0.4);

            var records = host.LogIngestor.Calls.SelectMany(c => c.Records).ToList();
            Assert.Equal(2, records.Count);
            Assert.All(records, r => Assert.Equal("support-bot", r.ResourceAttributes.Single(a => a.Key == "service.name").Value));
            Assert.All(records, r => Assert.Equal("SupportBot.Chat", r.ScopeName));
            var question = records[0];
            Assert.Equal((traceId, spanId), (question.TraceId, question.SpanId));
            Assert.Equal((9, "Information"), (question.SeverityNumber, question.SeverityText));
            // The exporter sends EventId.Name as LogRecord.event_name, not as an event.name attribute.
            Assert.Equal("gen_ai.user.message", question.EventName);
            Assert.DoesNotContain(question.Attributes, a => a.Key == "event.name");
            Assert.Equal("User asked What is the capital of France?", question.Body);
            Assert.Contains(new KeyValuePair<string, object?>("Question", "What is the capital of France?"), question.Attributes);
            Assert.True(question.TimeUnixNano > 0);
            var retry = records[1];
            Assert.Equal((null, null, 13), (retry.TraceId, retry.SpanId, retry.SeverityNumber));
        }
    }
}
