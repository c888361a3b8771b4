using Observatory.EndToEnd.Tests;

namespace Observatory.Dashboards.Tests;

/// <summary>One model call of the seed, with what the dashboards should make of it.</summary>
public sealed record SeedCall(int Trace, string Service, string? User, string? Session, DateTime Start, string Model, string Provider,
    double DurationMs, long? InputTokens, long? OutputTokens, double? TtftMs, bool IsError)
{
    /// <summary>List prices (USD per 1M tokens, prices.json 2026.11.26) written out here, so the product's pricing is checked, not reused.</summary>
    private static readonly Dictionary<string, (decimal Input, decimal Output)> Prices = new()
    {
        ["gpt-4o"] = (2.50m, 10m),
        ["gpt-4o-mini"] = (0.15m, 0.60m),
        ["claude-3-5-sonnet"] = (3m, 15m),
    };

    /// <summary>Unknown usage is unknown cost (0 in the sums the dashboards show).</summary>
    public decimal Cost => InputTokens is { } input && OutputTokens is { } output
        ? (input * Prices[Model].Input + output * Prices[Model].Output) / 1_000_000m
        : 0m;

    public long Tokens => (InputTokens ?? 0) + (OutputTokens ?? 0);
}

/// <summary>
/// The known data every SQL dashboard is checked against, sent as OTLP through the product (so the spans, trace
/// summaries and rollups are the ones the writers make): ten traces in <see cref="Window"/> on two services, three users,
/// two sessions, three models with known latencies, times to first token, tokens and errors; and one trace before the
/// window that every panel must leave out. Each call is also reported on the OTLP metrics signal (delta histograms of
/// its tokens and duration), with three MCP calls that only metrics report.
/// </summary>
public sealed class DashboardSeed
{
    public DashboardSeed(DateTime now)
    {
        // Whole minutes, a few hours back: rollups bucket by minute, and nothing is "late" for the writers.
        WindowStart = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddHours(-3);
        var calls = new List<SeedCall>();
        for (var i = 0; i < 10; i++)
        {
            var service = i < 6 ? "chat-api" : "batch-worker";
            var user = i == 9 ? null : new[] { "alice", "bob", "carol" }[i % 3];
            var session = i < 4 ? "s1" : i < 7 ? "s2" : null;
            var start = WindowStart.AddMinutes(3 * i + 1);
            calls.Add(new SeedCall(i, service, user, session, start, "gpt-4o", "openai", 100 * (i + 1), 1000, 500, 10 * (i + 1), false));
            if (i % 2 == 0)
            {
                calls.Add(new SeedCall(i, service, user, session, start, "gpt-4o-mini", "openai", 50, 2000, 1000, null, false));
            }

            if (i is 3 or 7)
            {
                calls.Add(new SeedCall(i, service, user, session, start, "claude-3-5-sonnet", "anthropic", 30, null, null, null, true));
            }
        }

        Calls = calls;
        Outside = new SeedCall(100, "chat-api", "alice", "s1", WindowStart.AddHours(-2), "gpt-4o", "openai", 5000, 100_000, 50_000, 900, true);
    }

    public DateTime WindowStart { get; }

    /// <summary>The dashboard time range the tests pick: the seed's hour, starting a little before it.</summary>
    public (DateTime From, DateTime To) Window => (WindowStart.AddMinutes(-5), WindowStart.AddMinutes(55));

    public IReadOnlyList<SeedCall> Calls { get; }

    /// <summary>A failed, expensive, slow call two hours before the window: no panel may count it.</summary>
    public SeedCall Outside { get; }

    public IEnumerable<IGrouping<int, SeedCall>> Traces => Calls.GroupBy(c => c.Trace);

    public async Task SendAsync(ObservatoryTestHost host)
    {
        foreach (var trace in Calls.Append(Outside).GroupBy(c => c.Trace))
        {
            var first = trace.First();
            var traceId = Guid.NewGuid().ToString("N");
            var request = AnalyticsTraceBuilder.Build(traceId, first.Service, first.Start, first.User, first.Session, trace
                .Select(c => new AnalyticsCall(c.Model, c.DurationMs, c.InputTokens, c.OutputTokens, c.Provider, "chat", c.TtftMs, c.IsError))
                .ToArray());
            await host.SendAsync(request);
        }

        await host.AssertAnalyticsStoredAsync(traces: 11, calls: Calls.Count + 1);
        await DashboardMetricsSeed.SendAsync(host, Calls.Append(Outside), McpCalls);
    }

    /// <summary>MCP tool and resource calls of chat-api, sent only as metrics: (method, start, seconds, failed).</summary>
    public IReadOnlyList<(string Method, DateTime Start, double Seconds, bool Failed)> McpCalls =>
    [
        ("tools/call", WindowStart.AddMinutes(2), 0.2, false),
        ("tools/call", WindowStart.AddMinutes(5), 0.4, true),
        ("resources/read", WindowStart.AddMinutes(8), 0.1, false),
    ];

    /// <summary>PostgreSQL's <c>percentile_cont</c>: linear interpolation between the two nearest ranks.</summary>
    public static double PercentileCont(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        var rank = fraction * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
