using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>
/// A fleet of OTLP/HTTP exporters at a steady rate, each retrying an export until it is acknowledged (as the OTel SDKs
/// do on 503s and refused connections). Traces carry model calls of three models in two services; every export also
/// adds a late span to a trace of its exporter's previous export, so traces that already have stored spans are
/// exercised too. Records every acknowledged span.
/// </summary>
public sealed class RetryingExporter(Uri endpoint, int exporters, int spansPerSecond)
{
    private static readonly (string Provider, string Model)[] Models =
        [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-sonnet-4-5")];

    private const int TracesPerExport = 10;

    private readonly ConcurrentDictionary<(string TraceId, string SpanId), byte> _acknowledged = new();
    private readonly ConcurrentQueue<TimeSpan> _acknowledgedAt = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _retries;

    /// <summary>Time since this exporter was made; <see cref="AcknowledgementTimes"/> are on this clock.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>When each export was acknowledged, in order, on the <see cref="Elapsed"/> clock.</summary>
    public IReadOnlyList<TimeSpan> AcknowledgementTimes => _acknowledgedAt.Order().ToList();

    /// <summary>The longest stretch of [from, to) in which no export was acknowledged.</summary>
    public TimeSpan LongestPause(TimeSpan from, TimeSpan to)
    {
        var longest = TimeSpan.Zero;
        var previous = from;
        foreach (var at in AcknowledgementTimes.Where(t => t >= from && t < to).Append(to))
        {
            longest = at - previous > longest ? at - previous : longest;
            previous = at;
        }

        return longest;
    }

    /// <summary>Spans whose export was answered 200.</summary>
    public IReadOnlyCollection<(string TraceId, string SpanId)> Acknowledged => _acknowledged.Keys.ToList();

    /// <summary>Model-call spans among them.</summary>
    public int AcknowledgedModelCalls { get; private set; }

    /// <summary>Sends that failed and were repeated.</summary>
    public int Retries => _retries;

    /// <summary>Exports until <paramref name="stop"/> is cancelled, then waits for every started export to be acknowledged.</summary>
    public async Task RunAsync(CancellationToken stop, TimeSpan giveUpAfter)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
        var modelCalls = 0;
        await Task.WhenAll(Enumerable.Range(0, exporters).Select(async worker =>
        {
            var random = new Random(worker);
            var interval = TimeSpan.FromSeconds((double)exporters * Spans(TracesPerExport) / spansPerSecond);
            var clock = Stopwatch.StartNew();
            var next = TimeSpan.FromMilliseconds(random.Next((int)interval.TotalMilliseconds));
            (byte[] TraceId, byte[] RootId)? previous = null;
            while (!stop.IsCancellationRequested)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                next += interval;
                var (request, spans, calls, last) = Build(random, previous);
                previous = last;
                await SendUntilAcknowledgedAsync(http, request.ToByteArray(), giveUpAfter);
                foreach (var span in spans)
                {
                    _acknowledged.TryAdd(span, 0);
                }

                Interlocked.Add(ref modelCalls, calls);
            }
        }));
        AcknowledgedModelCalls = modelCalls;
    }

    private static int Spans(int traces) => traces * 3 + 1;

    private async Task SendUntilAcknowledgedAsync(HttpClient http, byte[] body, TimeSpan giveUpAfter)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        for (var delay = TimeSpan.FromMilliseconds(50); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks)))
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await http.PostAsync("/v1/traces", content);
                if (response.IsSuccessStatusCode)
                {
                    _acknowledgedAt.Enqueue(_clock.Elapsed);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Refused or cut off while the silo is down: the export is retried like any other failure.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"An export was not acknowledged within {giveUpAfter}.");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(delay);
        }
    }

    /// <summary>An export of <see cref="TracesPerExport"/> traces (a root and two model calls each) plus one late span.</summary>
    private static (ExportTraceServiceRequest Request, List<(string, string)> Spans, int ModelCalls, (byte[], byte[]) Last) Build(
        Random random, (byte[] TraceId, byte[] RootId)? previous)
    {
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var spans = new List<(string, string)>();
        var modelCalls = 0;
        var request = new ExportTraceServiceRequest();
        (byte[], byte[]) last = default;
        foreach (var service in new[] { "crash-chat", "crash-worker" })
        {
            var scope = new ScopeSpans();
            for (var t = 0; t < TracesPerExport / 2; t++)
            {
                var traceId = Bytes(random, 16);
                var rootId = Bytes(random, 8);
                last = (traceId, rootId);
                var start = now - (ulong)random.Next(0, 2_000_000_000);
                scope.Spans.Add(NewSpan(traceId, rootId, null, "POST /chat", start, start + 900_000_000, error: false));
                for (var c = 0; c < 2; c++)
                {
                    scope.Spans.Add(ModelCall(random, traceId, rootId, start + (ulong)(c * 300_000_000)));
                    modelCalls++;
                }
            }

            if (previous is { } p && service == "crash-worker")
            {
                // A late model call for a trace stored by an earlier export.
                scope.Spans.Add(ModelCall(random, p.TraceId, p.RootId, now));
                modelCalls++;
            }

            foreach (var span in scope.Spans)
            {
                spans.Add((Convert.ToHexStringLower(span.TraceId.Span), Convert.ToHexStringLower(span.SpanId.Span)));
            }

            var resource = new Resource();
            resource.Attributes.Add(Text("service.name", service));
            var resourceSpans = new ResourceSpans { Resource = resource };
            resourceSpans.ScopeSpans.Add(scope);
            request.ResourceSpans.Add(resourceSpans);
        }

        return (request, spans, modelCalls, last);
    }

    private static Span ModelCall(Random random, byte[] traceId, byte[] parentId, ulong start)
    {
        var (provider, model) = Models[random.Next(Models.Length)];
        var span = NewSpan(traceId, Bytes(random, 8), parentId, "chat " + model, start, start + (ulong)random.NextInt64(50_000_000, 3_000_000_000), error: random.Next(20) == 0);
        span.Attributes.Add(Text("gen_ai.provider.name", provider));
        span.Attributes.Add(Text("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Text("gen_ai.request.model", model));
        span.Attributes.Add(Int("gen_ai.usage.input_tokens", random.Next(10, 20_000)));
        span.Attributes.Add(Int("gen_ai.usage.output_tokens", random.Next(1, 2_000)));
        if (random.Next(3) == 0)
        {
            span.Attributes.Add(Int("gen_ai.usage.cache_read.input_tokens", random.Next(0, 10)));
        }

        if (random.Next(4) == 0)
        {
            span.Attributes.Add(new KeyValue { Key = "gen_ai.response.time_to_first_chunk", Value = new AnyValue { DoubleValue = random.NextDouble() } });
        }

        return span;
    }

    private static Span NewSpan(byte[] traceId, byte[] spanId, byte[]? parentId, string name, ulong start, ulong end, bool error)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(spanId),
            Name = name,
            Kind = parentId is null ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
        };
        if (parentId is not null)
        {
            span.ParentSpanId = ByteString.CopyFrom(parentId);
        }

        if (error)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
        }

        return span;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
