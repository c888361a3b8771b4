using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Per-modality tokens end to end: spans sent by the OpenTelemetry .NET SDK's OTLP exporter (HTTP/protobuf and gRPC),
/// shaped as real emitters write them (opentelemetry-instrumentation-openai-v2 on util-genai for an OpenAI audio chat,
/// the google-genai instrumentation for a Gemini multimodal call, OpenInference's audio token details), read back from
/// <c>GET /api/v1/traces/{id}</c>: the counts in <c>llm.modalities</c>, the cost at the catalog's audio rates, the rule
/// in <c>llm.pricing.modalityRule</c>, and totals never inflated by the breakdown. Prices per 1M tokens:
/// gpt-4o-audio-preview $2.50 / $10 text, $40 / $80 audio; gemini-2.5-flash $0.30 in, $1.00 audio in, $2.50 out;
/// gpt-4o-mini-audio-preview $0.15 / $0.60 text, $10 / $20 audio; gpt-audio-mini $0.60 / $2.40 text, $10 / $20 audio.
/// </summary>
public sealed class ModalityTokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string OpenAiV2Scope = "opentelemetry.instrumentation.openai_v2";
    private const string GoogleGenAiScope = "opentelemetry.instrumentation.google_genai";
    private const string OpenInferenceScope = "openinference.instrumentation.openai";
    private ObservatoryTestHost Host => fixture.Host;

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Modality_counts_are_stored_and_audio_is_priced_at_the_audio_rates(OtlpExportProtocol protocol)
    {
        var service = $"modality-{protocol}-{Guid.NewGuid():N}"[..40];
        string traceId, openAi, gemini, openInference, inconsistent;
        using (var app = new ActivitySource("observatory.e2e.modality." + Guid.NewGuid().ToString("N")))
        using (var openAiV2 = new ActivitySource(OpenAiV2Scope, "2.3b0"))
        using (var googleGenAi = new ActivitySource(GoogleGenAiScope, "0.4b0"))
        using (var openInferenceSource = new ActivitySource(OpenInferenceScope, "0.1.30"))
        using (var provider = Provider(protocol, service, app.Name, OpenAiV2Scope, GoogleGenAiScope, OpenInferenceScope))
        {
            using (var root = app.StartActivity("voice turn", ActivityKind.Internal)!)
            {
                traceId = root.TraceId.ToHexString();
                // An OpenAI audio chat (audio in, audio out): prompt_tokens_details.audio_tokens and
                // completion_tokens_details.audio_tokens under the registry's names, parts of the totals.
                openAi = Call(openAiV2, ActivityKind.Client, "chat gpt-4o-audio-preview",
                    ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o-audio-preview"),
                    ("gen_ai.response.model", "gpt-4o-audio-preview-2024-12-17"), ("gen_ai.output.type", "speech"),
                    ("gen_ai.usage.input_tokens", 1200L), ("gen_ai.usage.output_tokens", 600L),
                    ("gen_ai.usage.text.input_tokens", 200L), ("gen_ai.usage.audio.input_tokens", 1000L),
                    ("gen_ai.usage.text.output_tokens", 100L), ("gen_ai.usage.audio.output_tokens", 500L),
                    ("gen_ai.response.finish_reasons", new[] { "stop" }));
                // A Gemini call with text, an image, an audio clip and a video (promptTokensDetails per modality).
                gemini = Call(googleGenAi, ActivityKind.Client, "generate_content gemini-2.5-flash",
                    ("gen_ai.provider.name", "gcp.gemini"), ("gen_ai.operation.name", "generate_content"),
                    ("gen_ai.request.model", "gemini-2.5-flash"), ("gen_ai.usage.input_tokens", 2600L), ("gen_ai.usage.output_tokens", 300L),
                    ("gen_ai.usage.text.input_tokens", 242L), ("gen_ai.usage.image.input_tokens", 258L),
                    ("gen_ai.usage.audio.input_tokens", 1500L), ("gen_ai.usage.video.input_tokens", 600L),
                    ("gen_ai.usage.text.output_tokens", 300L));
                // OpenInference's OpenAI instrumentation: llm.token_count.prompt_details.audio / completion_details.audio.
                openInference = Call(openInferenceSource, ActivityKind.Internal, "ChatCompletion",
                    ("openinference.span.kind", "LLM"), ("llm.provider", "openai"), ("llm.system", "openai"),
                    ("llm.model_name", "gpt-4o-mini-audio-preview-2024-12-17"), ("llm.token_count.prompt", 1000L),
                    ("llm.token_count.completion", 200L), ("llm.token_count.total", 1200L),
                    ("llm.token_count.prompt_details.audio", 800L), ("llm.token_count.completion_details.audio", 150L));
                // A breakdown larger than its total: kept as sent and flagged, never inflating the totals or the cost.
                inconsistent = Call(app, ActivityKind.Client, "chat gpt-4o-audio-preview",
                    ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o-audio-preview"),
                    ("gen_ai.usage.input_tokens", 100L), ("gen_ai.usage.output_tokens", 10L), ("gen_ai.usage.audio.input_tokens", 500L));
            }

            Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        }

        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");

        // 200 × $2.50 + 1000 × $40 + 100 × $10 + 500 × $80
        var openAiLlm = Llm(trace, openAi);
        Assert.Equal((1200L, 600L), Totals(openAiLlm));
        Assert.Equal((200L, null, 1000L, null, 100L, 500L, false), Modalities(openAiLlm));
        Assert.Equal(0.0815m, openAiLlm.GetProperty("costUsd").GetDecimal());
        Assert.Equal(("openai/gpt-4o-audio-preview", "audio_input=audio_rate,audio_output=audio_rate"), Pricing(openAiLlm));
        Assert.Equal("otel-openai", openAiLlm.GetProperty("emitter").GetString());

        // (242 text + 258 image + 600 video) × $0.30 + 1500 audio × $1.00 + 300 × $2.50
        var geminiLlm = Llm(trace, gemini);
        Assert.Equal((2600L, 300L), Totals(geminiLlm));
        Assert.Equal((242L, 258L, 1500L, 600L, 300L, null, false), Modalities(geminiLlm));
        Assert.Equal(0.00258m, geminiLlm.GetProperty("costUsd").GetDecimal());
        Assert.Equal(("google/gemini-2.5-flash", "audio_input=audio_rate,image_input=input_rate"), Pricing(geminiLlm));

        // 200 × $0.15 + 800 × $10 + 50 × $0.60 + 150 × $20
        var openInferenceLlm = Llm(trace, openInference);
        Assert.Equal((1000L, 200L), Totals(openInferenceLlm));
        Assert.Equal((null, null, 800L, null, null, 150L, false), Modalities(openInferenceLlm));
        Assert.Equal(0.01106m, openInferenceLlm.GetProperty("costUsd").GetDecimal());

        // At most the 100 input tokens at the audio rate: 100 × $40 + 10 × $10
        var inconsistentLlm = Llm(trace, inconsistent);
        Assert.Equal((100L, 10L), Totals(inconsistentLlm));
        Assert.Equal((null, null, 500L, null, null, null, true), Modalities(inconsistentLlm));
        Assert.Equal(0.0041m, inconsistentLlm.GetProperty("costUsd").GetDecimal());

        // The trace's totals are the calls' totals: the breakdowns are never added on top.
        var summary = trace.GetProperty("summary");
        Assert.Equal(4900L, summary.GetProperty("inputTokens").GetInt64());
        Assert.Equal(1110L, summary.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.0815m + 0.00258m + 0.01106m + 0.0041m, summary.GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task A_recost_reads_the_stored_modality_counts_and_prices_them_like_ingest_did()
    {
        var service = $"modality-recost-{Guid.NewGuid():N}"[..40];
        var start = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        string traceId, spanId, plain;
        using (var source = new ActivitySource("observatory.e2e.modality." + Guid.NewGuid().ToString("N")))
        using (var provider = Provider(OtlpExportProtocol.HttpProtobuf, service, source.Name))
        {
            using (var root = source.StartActivity("voice turn", ActivityKind.Internal, default(ActivityContext), startTime: start)!)
            {
                traceId = root.TraceId.ToHexString();
                using (var chat = source.StartActivity("chat gpt-audio-mini", ActivityKind.Client, default(ActivityContext), startTime: start)!)
                {
                    foreach (var (key, value) in new (string, object)[]
                    {
                        ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-audio-mini"),
                        ("gen_ai.usage.input_tokens", 1000L), ("gen_ai.usage.output_tokens", 200L),
                        ("gen_ai.usage.audio.input_tokens", 800L), ("gen_ai.usage.audio.output_tokens", 150L),
                    })
                    {
                        chat.SetTag(key, value);
                    }

                    chat.SetEndTime(start.AddSeconds(2));
                    spanId = chat.SpanId.ToHexString();
                }

                // The same model without a breakdown: every token at the text rates.
                using (var chat = source.StartActivity("chat gpt-audio-mini", ActivityKind.Client, default(ActivityContext), startTime: start)!)
                {
                    chat.SetTag("gen_ai.provider.name", "openai");
                    chat.SetTag("gen_ai.operation.name", "chat");
                    chat.SetTag("gen_ai.request.model", "gpt-audio-mini");
                    chat.SetTag("gen_ai.usage.input_tokens", 1000L);
                    chat.SetTag("gen_ai.usage.output_tokens", 200L);
                    chat.SetEndTime(start.AddSeconds(2));
                    plain = chat.SpanId.ToHexString();
                }

                root.SetEndTime(start.AddSeconds(3));
            }

            Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        }

        // 200 × $0.60 + 800 × $10 + 50 × $2.40 + 150 × $20; the plain call 1000 × $0.60 + 200 × $2.40.
        const decimal listCost = 0.01124m;
        const decimal plainList = 0.00108m;
        var ingested = Llm(await Host.GetJsonAsync($"/api/v1/traces/{traceId}"), spanId);
        Assert.Equal(listCost, ingested.GetProperty("costUsd").GetDecimal());

        // A re-cost at the same prices changes nothing: the counts were stored and read back.
        var same = await RecostAsync();
        Assert.Equal((2, 0m), (same.GetProperty("spansUpdated").GetInt32(), same.GetProperty("costDeltaUsd").GetDecimal()));
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(listCost, Llm(trace, spanId).GetProperty("costUsd").GetDecimal());
        Assert.Equal(("openai/gpt-audio-mini", "audio_input=audio_rate,audio_output=audio_rate"), Pricing(Llm(trace, spanId)));
        Assert.Equal(plainList, Llm(trace, plain).GetProperty("costUsd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, Llm(trace, plain).GetProperty("pricing").GetProperty("modalityRule").ValueKind);
        Assert.Equal(JsonValueKind.Null, Llm(trace, plain).GetProperty("modalities").ValueKind);

        // The project's own price with audio rates, then a re-cost: 200 × $0.50 + 800 × $5 + 50 × $2 + 150 × $10.
        using (var put = await Host.Api.PutAsJsonAsync("/api/v1/pricing/openai/gpt-audio-mini", new
        {
            rates = new { inputPerMillion = 0.5m, outputPerMillion = 2m, audioInputPerMillion = 5m, audioOutputPerMillion = 10m },
            effectiveFrom = "2026-01-01T00:00:00Z",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        const decimal customCost = 0.0057m;
        const decimal plainCustom = 0.0009m; // 1000 × $0.50 + 200 × $2
        var changed = await RecostAsync();
        Assert.Equal(customCost + plainCustom - listCost - plainList, changed.GetProperty("costDeltaUsd").GetDecimal());
        trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(customCost, Llm(trace, spanId).GetProperty("costUsd").GetDecimal());
        Assert.Equal(("openai/gpt-audio-mini@2026-01-01", "audio_input=audio_rate,audio_output=audio_rate"), Pricing(Llm(trace, spanId)));
        Assert.Equal(customCost + plainCustom, trace.GetProperty("summary").GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task A_negative_modality_rate_in_a_custom_price_is_a_400_naming_it()
    {
        using var put = await Host.Api.PutAsJsonAsync("/api/v1/pricing/openai/gpt-audio", new
        {
            rates = new { inputPerMillion = 1m, outputPerMillion = 2m, audioOutputPerMillion = -3m },
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var body = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("negative", body.GetProperty("error").GetProperty("message").GetString());
    }

    private async Task<JsonElement> RecostAsync()
    {
        using var recost = await Host.Api.PostAsJsonAsync("/api/v1/pricing/recost", new
        {
            provider = "openai",
            model = "gpt-audio-mini",
            from = "2026-03-02T09:00:00Z",
            to = "2026-03-02T11:00:00Z",
        });
        var body = await recost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, recost.StatusCode);
        return body;
    }

    private TracerProvider Provider(OtlpExportProtocol protocol, string service, params string[] sourceNames) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceNames)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(Host.HttpEndpoint, "/v1/traces") : Host.GrpcEndpoint;
            })
            .Build()!;

    private static string Call(ActivitySource source, ActivityKind kind, string name, params (string Key, object Value)[] tags)
    {
        using var span = source.StartActivity(name, kind)!;
        foreach (var (key, value) in tags)
        {
            span.SetTag(key, value);
        }

        return span.SpanId.ToHexString();
    }

    private static JsonElement Llm(JsonElement trace, string spanId) =>
        trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("spanId").GetString() == spanId).GetProperty("llm");

    private static (long, long) Totals(JsonElement llm) => (llm.GetProperty("inputTokens").GetInt64(), llm.GetProperty("outputTokens").GetInt64());

    private static (long?, long?, long?, long?, long?, long?, bool) Modalities(JsonElement llm)
    {
        var m = llm.GetProperty("modalities");
        return (Count(m, "textInput"), Count(m, "imageInput"), Count(m, "audioInput"), Count(m, "videoInput"), Count(m, "textOutput"),
            Count(m, "audioOutput"), m.GetProperty("exceedTotals").GetBoolean());
    }

    private static long? Count(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetInt64();

    private static (string?, string?) Pricing(JsonElement llm)
    {
        var pricing = llm.GetProperty("pricing");
        return (pricing.GetProperty("entry").GetString(), pricing.GetProperty("modalityRule").GetString());
    }
}
