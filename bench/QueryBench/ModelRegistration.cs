using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Bench.QueryBench;

/// <summary>
/// The model directory is Orleans grain state, not a table: a model is listed by <c>/api/v1/models</c> once its model
/// grain was activated by ingest. So after seeding we send one small real OTLP export through the running product: one
/// trace per generated (provider, model), a root and an LLM call with that provider and response model (a few spans
/// more in the data, counted by the product like any others).
/// </summary>
internal static class ModelRegistration
{
    public static async Task<int> RegisterAsync(Uri otlp, CancellationToken ct, string? apiKey = null)
    {
        var request = new ExportTraceServiceRequest();
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(Attr("service.name", DataGenerator.Services[0]));
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "querybench.register" } };
        resource.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(resource);
        foreach (var m in DataGenerator.Models)
        {
            var traceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
            var rootId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64()));
            scope.Spans.Add(new Span
            {
                TraceId = traceId,
                SpanId = rootId,
                Name = "querybench register",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 500_000_000,
            });
            var llm = new Span
            {
                TraceId = traceId,
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64())),
                ParentSpanId = rootId,
                Name = $"{m.Operation} {m.RequestModel}",
                Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = now + 10_000_000,
                EndTimeUnixNano = now + 400_000_000,
            };
            llm.Attributes.Add(Attr("gen_ai.provider.name", m.Provider));
            llm.Attributes.Add(Attr("gen_ai.operation.name", m.Operation));
            llm.Attributes.Add(Attr("gen_ai.request.model", m.RequestModel));
            llm.Attributes.Add(Attr("gen_ai.response.model", m.ResponseModel));
            llm.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 10 } });
            if (!m.IsEmbedding)
            {
                llm.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = 5 } });
            }

            scope.Spans.Add(llm);
        }

        using var http = new HttpClient { BaseAddress = otlp, Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        try
        {
            using var response = await http.PostAsync("/v1/traces", content, ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"warning: registering models via {otlp}v1/traces answered {(int)response.StatusCode}; /api/v1/models will not list them " +
                                        "until `QueryBench register` succeeds");
                return 0;
            }
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"warning: could not reach {otlp} to register the models ({ex.Message}); start the product and run `QueryBench register`");
            return 0;
        }

        Console.Error.WriteLine($"registered {DataGenerator.Models.Length} models in the model directory via {otlp}v1/traces");
        return DataGenerator.Models.Length;
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
