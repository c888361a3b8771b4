using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>One span of a <see cref="SearchTrace"/>: its LLM facts, content and extra attributes, as OTel GenAI spans carry them.</summary>
public sealed record SearchSpan(string Name)
{
    public string? Provider { get; init; }
    public string? Operation { get; init; }
    public string? Model { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }

    /// <summary>Sent as <c>gen_ai.usage.cost</c>, so the trace cost does not depend on the price catalog.</summary>
    public decimal? CostUsd { get; init; }

    public string? User { get; init; }
    public string? Session { get; init; }
    public string? Prompt { get; init; }
    public string? Completion { get; init; }
    public bool Failed { get; init; }
    public Dictionary<string, object> Attributes { get; init; } = [];
}

/// <summary>A trace of a root span (with its own attributes) and child spans, sent as one OTLP protobuf export.</summary>
public sealed record SearchTrace(string TraceId, string Service, DateTime Start, int RootMs)
{
    public Dictionary<string, object> RootAttributes { get; init; } = [];
    public List<SearchSpan> Children { get; init; } = [];

    public ExportTraceServiceRequest ToRequest()
    {
        var startNano = (ulong)(Start - DateTime.UnixEpoch).Ticks * 100;
        var traceId = ByteString.CopyFrom(Convert.FromHexString(TraceId));
        var rootId = NewSpanId();
        var root = new Span
        {
            TraceId = traceId,
            SpanId = rootId,
            Name = "handle",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = startNano,
            EndTimeUnixNano = startNano + (ulong)RootMs * 1_000_000,
        };
        AddAttributes(root, RootAttributes);
        var scope = new ScopeSpans();
        scope.Spans.Add(root);
        var offsetMs = 1UL;
        foreach (var child in Children)
        {
            var span = new Span
            {
                TraceId = traceId,
                SpanId = NewSpanId(),
                ParentSpanId = rootId,
                Name = child.Name,
                Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = startNano + offsetMs * 1_000_000,
                EndTimeUnixNano = startNano + (offsetMs + 10) * 1_000_000,
            };
            offsetMs += 11;
            Add(span, "gen_ai.provider.name", child.Provider);
            Add(span, "gen_ai.operation.name", child.Operation);
            Add(span, "gen_ai.request.model", child.Model);
            Add(span, "gen_ai.usage.input_tokens", child.InputTokens);
            Add(span, "gen_ai.usage.output_tokens", child.OutputTokens);
            Add(span, "gen_ai.usage.cost", child.CostUsd is decimal cost ? (double)cost : null);
            Add(span, "user.id", child.User);
            Add(span, "session.id", child.Session);
            Add(span, "gen_ai.input.messages", child.Prompt is null ? null : Messages("user", child.Prompt));
            Add(span, "gen_ai.output.messages", child.Completion is null ? null : Messages("assistant", child.Completion));
            if (child.Failed)
            {
                span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
                Add(span, "error.type", "429");
            }

            AddAttributes(span, child.Attributes);
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = Service } });
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static string Messages(string role, string text) =>
        JsonSerializer.Serialize(new[] { new { role, parts = new[] { new { type = "text", content = text } } } });

    private static ByteString NewSpanId() => ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16]));

    private static void AddAttributes(Span span, Dictionary<string, object> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            Add(span, key, value);
        }
    }

    private static void Add(Span span, string key, object? value)
    {
        var any = value switch
        {
            null => null,
            string s => new AnyValue { StringValue = s },
            long l => new AnyValue { IntValue = l },
            int i => new AnyValue { IntValue = i },
            double d => new AnyValue { DoubleValue = d },
            bool b => new AnyValue { BoolValue = b },
            _ => throw new ArgumentException($"Unsupported attribute value {value.GetType().Name}"),
        };
        if (any is not null)
        {
            span.Attributes.Add(new KeyValue { Key = key, Value = any });
        }
    }
}

/// <summary>
/// Five traces a minute apart with distinct services, providers, operations, users, sessions, durations, costs, tokens,
/// attributes and content, so every filter has an exact expected answer. Ids are T1…T5 (newest is T5).
/// </summary>
public static class TraceSearchData
{
    public static readonly DateTime Base = new(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc);

    public static readonly string T1 = Id(1), T2 = Id(2), T3 = Id(3), T4 = Id(4), T5 = Id(5);

    public static IReadOnlyList<SearchTrace> Traces { get; } =
    [
        new(T1, "search-chat", Base, 900)
        {
            Children =
            [
                new("chat gpt-4o")
                {
                    Provider = "openai", Operation = "chat", Model = "gpt-4o", InputTokens = 100, OutputTokens = 50, CostUsd = 0.002m,
                    User = "alice", Session = "s1", Prompt = "Where is my parcel shipment?", Completion = "Your parcel ships tomorrow.",
                    Attributes = { ["app.tenant"] = "acme", ["app.retries"] = 3L, ["app.cached"] = true },
                },
            ],
        },
        new(T2, "search-chat", Base.AddMinutes(1), 3000)
        {
            Children =
            [
                new("chat claude")
                {
                    Provider = "anthropic", Operation = "chat", Model = "claude-3-5-sonnet-20241022", InputTokens = 2000, OutputTokens = 500,
                    CostUsd = 0.05m, User = "bob", Session = "s1", Prompt = "Summarize the quarterly report",
                    Completion = "Revenue grew twelve percent", Failed = true, Attributes = { ["app.tenant"] = "globex" },
                },
                new("execute_tool lookup") { Operation = "execute_tool", Attributes = { ["tool.name"] = "lookup" } },
            ],
        },
        new(T3, "search-embed", Base.AddMinutes(2), 200)
        {
            Children =
            [
                new("embeddings")
                {
                    Provider = "openai", Operation = "embeddings", Model = "text-embedding-3-small", InputTokens = 5000, OutputTokens = 0,
                    CostUsd = 0.0001m, User = "alice", Session = "s2", Prompt = "vector of the manual",
                    Attributes = { ["app.tenant"] = "acme_corp", ["app.promo"] = "100%_off" },
                },
            ],
        },
        new(T4, "search-agent", Base.AddMinutes(3), 1500)
        {
            Children =
            [
                new("chat gpt-4o-mini")
                {
                    Provider = "openai", Operation = "chat", Model = "gpt-4o-mini", InputTokens = 10, OutputTokens = 10, CostUsd = 0.00001m,
                    Prompt = "Grüße aus München 🚀", Completion = "Danke schön",
                    Attributes = { ["app.tenant"] = "O'Brien'; DROP TABLE spans; --" },
                },
            ],
        },
        new(T5, "search-batch", Base.AddMinutes(4), 50) { RootAttributes = { ["app.tenant"] = "acme" } },
    ];

    /// <summary>Sends the traces (once per host) and waits until their summaries are stored.</summary>
    public static async Task EnsureWrittenAsync(ObservatoryTestHost host)
    {
        if (await host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE project_id = 'default' AND service_name LIKE 'search-%'") == Traces.Count)
        {
            return;
        }

        foreach (var trace in Traces)
        {
            using var content = new ByteArrayContent(trace.ToRequest().ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            (await host.Otlp.PostAsync("/v1/traces", content)).EnsureSuccessStatusCode();
        }

        // Summaries are written in batches, and a trace's totals settle once all its spans are in.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var settled = await host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM traces WHERE project_id = 'default' AND service_name LIKE 'search-%' AND span_count = ANY($1)", new[] { 1, 2, 3 });
            var spans = await host.Database.ScalarAsync<long>(
                "SELECT coalesce(sum(span_count), 0) FROM traces WHERE project_id = 'default' AND service_name LIKE 'search-%'");
            if (settled == Traces.Count && spans == Traces.Sum(t => 1 + t.Children.Count))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("trace summaries were not written within 10 s");
    }

    private static string Id(int n) => "5ea4c4" + n.ToString("x2", CultureInfo.InvariantCulture).PadLeft(26, '0');
}

/// <summary>
/// One host per search test class, with the query rate limit and result cache off: these tests send hundreds of
/// queries in a burst and must see each answer fresh from SQL.
/// </summary>
public sealed class TraceSearchHostFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await ObservatoryTestHost.StartAsync("--RateLimits:Query:PerSecond=0", "--QueryCache:Enabled=false");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
