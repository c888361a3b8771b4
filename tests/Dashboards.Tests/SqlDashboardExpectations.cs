namespace Observatory.Dashboards.Tests;

/// <summary>What each panel must show for the <see cref="DashboardSeed"/>, worked out from the seed alone.</summary>
public sealed partial class SqlDashboardTests
{
    private const string Overview = "llm-observatory-overview";
    private const string Cost = "llm-observatory-cost";
    private const string Latency = "llm-observatory-latency";
    private const string Errors = "llm-observatory-errors";
    private const string Sessions = "llm-observatory-sessions-users";
    private const string OtlpMetrics = "llm-observatory-otlp-metrics";

    private static readonly Dictionary<(string Uid, string Panel), Action<SqlDashboardTests, IReadOnlyList<Row>>> Expectations = new()
    {
        [(Overview, "LLM calls")] = (t, rows) => Assert.Equal(t.Seed.Calls.Count, Single(rows).Number("calls")),
        [(Overview, "Failed LLM calls")] = (t, rows) => Assert.Equal(t.Seed.Calls.Count(c => c.IsError), Single(rows).Number("errors")),
        [(Overview, "Cost (USD)")] = (t, rows) => AssertMoney(t.Seed.Calls.Sum(c => c.Cost), Single(rows).Number("cost")),
        [(Overview, "Tokens (in + out)")] = (t, rows) => Assert.Equal(t.Seed.Calls.Sum(c => c.Tokens), Single(rows).Number("tokens")),
        [(Overview, "Cost per model (USD)")] = (t, rows) => t.AssertSeriesSums(rows, "cost", c => (double)c.Cost),
        [(Overview, "Tokens per model")] = (t, rows) => t.AssertSeriesSums(rows, "tokens", c => c.Tokens),
        [(Overview, "Recent traces with errors")] = (t, rows) => t.AssertFailedTraces(rows),

        [(Cost, "Total cost (USD)")] = (t, rows) => AssertMoney(t.Seed.Calls.Sum(c => c.Cost), Single(rows).Number("cost")),
        [(Cost, "Calls without usage (cost unknown)")] = (t, rows) =>
            Assert.Equal(t.Seed.Calls.Count(c => c.InputTokens is null && c.OutputTokens is null), Single(rows).Number("calls")),
        [(Cost, "Average cost per call (USD)")] = (t, rows) =>
            AssertMoney(t.Seed.Calls.Sum(c => c.Cost) / t.Seed.Calls.Count, Single(rows).Number("cost_per_call")),
        [(Cost, "Cost over time by model (USD)")] = (t, rows) => t.AssertSeriesSums(rows, "cost", c => (double)c.Cost),
        [(Cost, "Cost by model")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.Model).OrderByDescending(g => g.Sum(c => c.Cost)).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("model")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.First().Provider, row.Text("provider"));
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Sum(c => c.InputTokens ?? 0), row.Number("input_tokens"));
                Assert.Equal(group.Sum(c => c.OutputTokens ?? 0), row.Number("output_tokens"));
                AssertMoney(group.Sum(c => c.Cost), row.Number("cost_usd"));
            }
        },
        [(Cost, "Cost by service")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.Service).OrderByDescending(g => g.Sum(c => c.Cost)).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("service")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Sum(c => c.Tokens), row.Number("tokens"));
                AssertMoney(group.Sum(c => c.Cost), row.Number("cost_usd"));
            }
        },
        [(Cost, "Cost by user")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.User ?? "(no user)").OrderByDescending(g => g.Sum(c => c.Cost)).ThenByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("user")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Select(c => c.Trace).Distinct().Count(), row.Number("traces"));
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Sum(c => c.Tokens), row.Number("tokens"));
                AssertMoney(group.Sum(c => c.Cost), row.Number("cost_usd"));
            }
        },
        [(Cost, "Most expensive traces")] = (t, rows) =>
        {
            var costs = t.Seed.Traces.Select(g => g.Sum(c => c.Cost)).OrderDescending().ToArray();
            Assert.Equal(costs.Length, rows.Count);
            foreach (var (cost, row) in costs.Zip(rows))
            {
                AssertMoney(cost, row.Number("cost_usd"));
            }
        },

        [(Latency, "Latency p50 / p95 / p99 (ms)")] = (t, rows) => AssertPercentiles(t.Seed.Calls.Select(c => c.DurationMs), Single(rows)),
        [(Latency, "Time to first token p50 / p95 / p99 (ms)")] = (t, rows) =>
            AssertPercentiles(t.Seed.Calls.Where(c => c.TtftMs is not null).Select(c => c.TtftMs!.Value), Single(rows)),
        [(Latency, "Latency by model (ms)")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.Model).OrderByDescending(g => DashboardSeed.PercentileCont(g.Select(c => c.DurationMs), 0.95)).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("model")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Count(), row.Number("calls"));
                AssertPercentiles(group.Select(c => c.DurationMs), row);
                AssertMs(group.Max(c => c.DurationMs), row.Number("max"));
            }
        },
        [(Latency, "Time to first token by model (ms)")] = (t, rows) =>
        {
            var streamed = t.Seed.Calls.Where(c => c.TtftMs is not null).GroupBy(c => c.Model).ToArray();
            Assert.Equal(streamed.Select(g => g.Key), rows.Select(r => r.Text("model")));
            foreach (var (group, row) in streamed.Zip(rows))
            {
                Assert.Equal(group.Count(), row.Number("streamed_calls"));
                AssertPercentiles(group.Select(c => c.TtftMs!.Value), row);
            }
        },
        [(Latency, "Latency p95 by model (ms)")] = (t, rows) => t.AssertSeriesPercentile(rows, c => c.DurationMs),
        [(Latency, "Time to first token p95 by model (ms)")] = (t, rows) => t.AssertSeriesPercentile(rows, c => c.TtftMs),

        [(Errors, "Failed calls")] = (t, rows) => Assert.Equal(t.Seed.Calls.Count(c => c.IsError), Single(rows).Number("errors")),
        [(Errors, "Error rate")] = (t, rows) =>
            Assert.Equal((double)t.Seed.Calls.Count(c => c.IsError) / t.Seed.Calls.Count, Single(rows).Number("error_rate"), 1e-12),
        [(Errors, "Traces with errors")] = (t, rows) =>
            Assert.Equal(t.Seed.Traces.Count(g => g.Any(c => c.IsError)), Single(rows).Number("traces")),
        [(Errors, "Errors by model")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.Model).OrderByDescending(g => g.Count(c => c.IsError)).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("model")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Count(c => c.IsError), row.Number("errors"));
                Assert.Equal((double)group.Count(c => c.IsError) / group.Count(), row.Number("error_rate"), 1e-12);
            }
        },
        [(Errors, "Failed calls by error type")] = (t, rows) =>
        {
            // The seed's failures are rate limits: error.type "429".
            var row = Single(rows);
            Assert.Equal("429", row.Text("error_type"));
            Assert.Equal(t.Seed.Calls.Single(c => c.IsError && c.Trace == 3).Model, row.Text("model"));
            Assert.Equal(t.Seed.Calls.Count(c => c.IsError), row.Number("calls"));
            Assert.Equal("rate limited", row.Text("example_message"));
        },
        [(Errors, "Failed calls over time by model")] = (t, rows) => t.AssertSeriesSums(rows, "errors", c => c.IsError ? 1 : 0),
        [(Errors, "Recent failed traces")] = (t, rows) => t.AssertFailedTraces(rows),

        [(Sessions, "Distinct users")] = (t, rows) => Assert.Equal(t.Seed.Calls.Select(c => c.User).OfType<string>().Distinct().Count(), Single(rows).Number("users")),
        [(Sessions, "Distinct sessions")] = (t, rows) =>
            Assert.Equal(t.Seed.Calls.Select(c => c.Session).OfType<string>().Distinct().Count(), Single(rows).Number("sessions")),
        [(Sessions, "Traces without a user")] = (t, rows) => Assert.Equal(t.Seed.Traces.Count(g => g.First().User is null), Single(rows).Number("traces")),
        [(Sessions, "Average cost per session (USD)")] = (t, rows) =>
        {
            var inSessions = t.Seed.Calls.Where(c => c.Session is not null).ToArray();
            AssertMoney(inSessions.Sum(c => c.Cost) / inSessions.Select(c => c.Session).Distinct().Count(), Single(rows).Number("cost_per_session"));
        },
        [(Sessions, "Top users")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.Where(c => c.User is not null).GroupBy(c => c.User!)
                .OrderByDescending(g => g.Sum(c => c.Cost)).ThenByDescending(g => g.Select(c => c.Trace).Distinct().Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("user")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Select(c => c.Trace).Distinct().Count(), row.Number("traces"));
                Assert.Equal(group.Select(c => c.Session).OfType<string>().Distinct().Count(), row.Number("sessions"));
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Count(c => c.IsError), row.Number("errors"));
                Assert.Equal(group.Sum(c => c.Tokens), row.Number("tokens"));
                AssertMoney(group.Sum(c => c.Cost), row.Number("cost_usd"));
            }
        },
        [(Sessions, "Sessions")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.Where(c => c.Session is not null).GroupBy(c => c.Session!).OrderByDescending(g => g.Min(c => c.Start)).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("session")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Select(c => c.User).OfType<string>().Min(StringComparer.Ordinal), row.Text("user"));
                Assert.Equal(group.Select(c => c.Trace).Distinct().Count(), row.Number("traces"));
                Assert.Equal(group.Count(), row.Number("calls"));
                AssertMoney(group.Sum(c => c.Cost), row.Number("cost_usd"));
                Assert.Equal(group.Min(c => c.Start), ((DateTime)row["started"]!).ToUniversalTime());
            }
        },
        [(Sessions, "Active users")] = (t, rows) => t.AssertDistinctPerBucket(rows, "users", c => c.User),
        [(Sessions, "Active sessions")] = (t, rows) => t.AssertDistinctPerBucket(rows, "sessions", c => c.Session),

        [(OtlpMetrics, "Model calls (metrics)")] = (t, rows) => Assert.Equal(t.Seed.Calls.Count, Single(rows).Number("calls")),
        [(OtlpMetrics, "Failed model calls (metrics)")] = (t, rows) => Assert.Equal(t.Seed.Calls.Count(c => c.IsError), Single(rows).Number("errors")),
        [(OtlpMetrics, "Tokens per model (metrics)")] = (t, rows) => t.AssertMetricSeries(rows, "tokens", c => c.InputTokens is null ? null : c.Tokens),
        [(OtlpMetrics, "Average operation duration by model (s)")] = (t, rows) => t.AssertMetricSeries(rows, "avg_seconds", c => c.DurationMs / 1000, average: true),
        [(OtlpMetrics, "Token usage by model (metrics)")] = (t, rows) =>
        {
            var expected = t.Seed.Calls.GroupBy(c => c.Model).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("model")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.First().Provider, row.Text("provider"));
                Assert.Equal(group.Count(), row.Number("calls"));
                var withUsage = group.Where(c => c.InputTokens is not null).ToArray();
                Assert.Equal(withUsage.Length == 0 ? null : withUsage.Sum(c => c.InputTokens!.Value), row["input_tokens"] is null ? null : (long?)row.Number("input_tokens"));
                Assert.Equal(withUsage.Length == 0 ? null : withUsage.Sum(c => c.OutputTokens!.Value), row["output_tokens"] is null ? null : (long?)row.Number("output_tokens"));
            }
        },
        [(OtlpMetrics, "MCP operations by method")] = (t, rows) =>
        {
            var expected = t.Seed.McpCalls.GroupBy(c => c.Method).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Select(g => g.Key), rows.Select(r => r.Text("method")));
            foreach (var (group, row) in expected.Zip(rows))
            {
                Assert.Equal(group.Count(), row.Number("calls"));
                Assert.Equal(group.Count(c => c.Failed), row.Number("errors"));
                Assert.Equal(group.Average(c => c.Seconds), row.Number("avg_seconds"), 1e-9);
            }
        },
    };

    /// <summary>A series per model from the metrics signal; calls without a value (no usage) send no point.</summary>
    private void AssertMetricSeries(IReadOnlyList<Row> rows, string value, Func<SeedCall, double?> of, bool average = false)
    {
        var expected = Seed.Calls.Where(c => of(c) is not null).GroupBy(c => (Model: c.Model, Time: Bucket(c.Start)))
            .ToDictionary(g => g.Key, g => average ? g.Average(c => of(c)!.Value) : g.Sum(c => of(c)!.Value));
        Assert.Equal(expected.Keys.OrderBy(k => k), rows.Select(r => (Model: r.Text("metric")!, Time: (long)r.Number("time"))).OrderBy(k => k));
        foreach (var row in rows)
        {
            Assert.Equal(expected[(row.Text("metric")!, (long)row.Number("time"))], row.Number(value), 1e-9);
        }
    }

    private static void AssertPercentiles(IEnumerable<double> values, Row row)
    {
        var list = values.ToArray();
        AssertMs(DashboardSeed.PercentileCont(list, 0.50), row.Number("p50"));
        AssertMs(DashboardSeed.PercentileCont(list, 0.95), row.Number("p95"));
        AssertMs(DashboardSeed.PercentileCont(list, 0.99), row.Number("p99"));
    }

    private static long Bucket(DateTime time) => (long)Math.Floor((time - DateTime.UnixEpoch).TotalSeconds / Interval.TotalSeconds) * (long)Interval.TotalSeconds;

    /// <summary>A series per model (<c>metric</c>); each point is the sum over the model's calls in that interval.</summary>
    private void AssertSeriesSums(IReadOnlyList<Row> rows, string value, Func<SeedCall, double> of)
    {
        var expected = Seed.Calls.GroupBy(c => (Model: c.Model, Time: Bucket(c.Start))).ToDictionary(g => g.Key, g => g.Sum(of));
        Assert.Equal(expected.Keys.OrderBy(k => k), rows.Select(r => (Model: r.Text("metric")!, Time: (long)r.Number("time"))).OrderBy(k => k));
        foreach (var row in rows)
        {
            Assert.Equal(expected[(row.Text("metric")!, (long)row.Number("time"))], row.Number(value), 1e-9);
        }
    }

    /// <summary>A series per model of the p95 of its calls in each interval (the seed has each trace in its own minute).</summary>
    private void AssertSeriesPercentile(IReadOnlyList<Row> rows, Func<SeedCall, double?> of)
    {
        var expected = Seed.Calls.Where(c => of(c) is not null).GroupBy(c => (Model: c.Model, Time: Bucket(c.Start)))
            .ToDictionary(g => g.Key, g => DashboardSeed.PercentileCont(g.Select(c => of(c)!.Value), 0.95));
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            AssertMs(expected[(row.Text("metric")!, (long)row.Number("time"))], row.Number("p95"));
        }
    }

    private void AssertDistinctPerBucket(IReadOnlyList<Row> rows, string value, Func<SeedCall, string?> of)
    {
        var expected = Seed.Calls.GroupBy(c => Bucket(c.Start)).ToDictionary(g => g.Key, g => g.Select(of).OfType<string>().Distinct().Count());
        Assert.Equal(expected.Keys.Order(), rows.Select(r => (long)r.Number("time")));
        Assert.All(rows, row => Assert.Equal(expected[(long)row.Number("time")], row.Number(value)));
    }

    private void AssertFailedTraces(IReadOnlyList<Row> rows)
    {
        var failed = Seed.Traces.Where(g => g.Any(c => c.IsError)).OrderByDescending(g => g.First().Start).ToArray();
        Assert.Equal(failed.Select(g => g.First().Service), rows.Select(r => r.Text("service_name")));
        foreach (var (trace, row) in failed.Zip(rows))
        {
            Assert.Equal(trace.Count(c => c.IsError), row.Number("error_count"));
            Assert.Equal(trace.Count(), row.Number("llm_call_count"));
            Assert.Equal(trace.First().User, row.Text("user_id"));
            Assert.Equal(trace.First().Session, row.Text("session_id"));
            Assert.Equal(string.Join(", ", trace.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal)), row.Text("models"));
        }
    }
}
