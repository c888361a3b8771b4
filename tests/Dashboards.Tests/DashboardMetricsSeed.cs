using System.Net;
using System.Net.Http.Headers;
using Observatory.EndToEnd.Tests;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Metrics.V1;
using static Observatory.EndToEnd.Tests.MetricsSignalPayloads;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// The seed's calls as an app's GenAI metrics report them: per call, delta histograms of its input and output tokens
/// (when it had usage) and of its duration (with error.type when it failed), at the call's start; and MCP call durations.
/// </summary>
internal static class DashboardMetricsSeed
{
    public static async Task SendAsync(ObservatoryTestHost host, IEnumerable<SeedCall> calls, IEnumerable<(string Method, DateTime Start, double Seconds, bool Failed)> mcpCalls)
    {
        foreach (var call in calls)
        {
            var time = UnixNano(call.Start);
            var start = time - (long)(call.DurationMs * 1_000_000);
            KeyValue[] model = [Str("gen_ai.operation.name", "chat"), Str("gen_ai.provider.name", call.Provider), Str("gen_ai.request.model", call.Model)];
            var metrics = new List<Metric>
            {
                One("gen_ai.client.operation.duration", "s", call.IsError ? [.. model, Str("error.type", "500")] : model, start, time, DurationBounds, call.DurationMs / 1000),
            };
            if (call.InputTokens is { } input && call.OutputTokens is { } output)
            {
                metrics.Add(One("gen_ai.client.token.usage", "{token}", [.. model, Str("gen_ai.token.type", "input")], start, time, TokenBounds, input));
                metrics.Add(One("gen_ai.client.token.usage", "{token}", [.. model, Str("gen_ai.token.type", "output")], start, time, TokenBounds, output));
            }

            await PostAsync(host, Request(call.Service, [.. metrics]));
        }

        foreach (var (method, at, seconds, failed) in mcpCalls)
        {
            var time = UnixNano(at);
            KeyValue[] attributes = failed ? [Str("mcp.method.name", method), Str("error.type", "tool_error")] : [Str("mcp.method.name", method)];
            await PostAsync(host, Request("chat-api", One("mcp.client.operation.duration", "s", attributes, time - (long)(seconds * 1e9), time, DurationBounds, seconds)));
        }
    }

    /// <summary>A delta histogram holding one measurement.</summary>
    private static Metric One(string name, string unit, KeyValue[] attributes, long start, long time, double[] bounds, double value)
    {
        var counts = new ulong[bounds.Length + 1];
        counts[bounds.Count(b => b < value)] = 1;
        return Histogram(name, unit, AggregationTemporality.Delta, attributes, start, time, bounds, counts, value, value, value);
    }

    private static long UnixNano(DateTime time) => (time - DateTime.UnixEpoch).Ticks * 100;

    private static async Task PostAsync(ObservatoryTestHost host, Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1.ExportMetricsServiceRequest request)
    {
        using var content = new ByteArrayContent(Bytes(request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await host.Otlp.PostAsync("/v1/metrics", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
