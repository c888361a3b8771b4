using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Sends a realistic LLM trace with the OpenTelemetry .NET SDK and its OTLP exporter — the client our users run:
/// a server root span, an OpenAI chat call, an Anthropic chat call (deprecated attribute names) and a database span.
/// </summary>
public static class LlmTraceSender
{
    /// <summary>
    /// gpt-4o at $2.50 / $10 per 1M, cache reads at $1.25: 1000 in of which 200 cached, 500 out
    /// = 800 × 2.5 + 200 × 1.25 + 500 × 10 per 1M = $0.002 + $0.00025 + $0.005.
    /// </summary>
    public const decimal OpenAiCost = 0.00725m;

    /// <summary>claude-3-5-sonnet at $3 / $15 per 1M: 2000 in + 100 out = $0.006 + $0.0015.</summary>
    public const decimal AnthropicCost = 0.0075m;

    public sealed record SentTrace(string TraceId, string RootSpanId, string[] ChildSpanIds);

    public static SentTrace Send(Uri endpoint, OtlpExportProtocol protocol, bool gzip, string serviceName)
    {
        using var source = new ActivitySource("observatory.e2e." + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(serviceName))
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, "/v1/traces") : endpoint;
                o.Compression = gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None;
            })
            .Build();

        SentTrace sent;
        using (var root = source.StartActivity("POST /chat", ActivityKind.Server)!)
        {
            root.SetTag("user.id", "user-42");
            var children = new List<string>();
            using (var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                chat.SetTag("gen_ai.provider.name", "openai");
                chat.SetTag("gen_ai.operation.name", "chat");
                chat.SetTag("gen_ai.request.model", "gpt-4o");
                chat.SetTag("gen_ai.response.model", "gpt-4o-2024-08-06");
                chat.SetTag("gen_ai.usage.input_tokens", 1000);
                chat.SetTag("gen_ai.usage.output_tokens", 500);
                chat.SetTag("gen_ai.usage.cache_read.input_tokens", 200);
                chat.SetTag("gen_ai.response.time_to_first_chunk", 0.25);
                chat.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
                children.Add(chat.SpanId.ToHexString());
            }

            using (var claude = source.StartActivity("chat claude-3-5-sonnet", ActivityKind.Client)!)
            {
                claude.SetTag("gen_ai.system", "anthropic");
                claude.SetTag("gen_ai.request.model", "claude-3-5-sonnet-20241022");
                claude.SetTag("gen_ai.usage.prompt_tokens", 2000L);
                claude.SetTag("gen_ai.usage.completion_tokens", 100L);
                children.Add(claude.SpanId.ToHexString());
            }

            using (var db = source.StartActivity("SELECT conversations", ActivityKind.Client)!)
            {
                db.SetTag("db.system", "postgresql");
                db.SetStatus(ActivityStatusCode.Error, "connection reset");
                children.Add(db.SpanId.ToHexString());
            }

            sent = new SentTrace(root.TraceId.ToHexString(), root.SpanId.ToHexString(), children.ToArray());
        }

        // ForceFlush returns once the exporter got its answer: from here on the spans must be durable.
        Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        return sent;
    }
}
