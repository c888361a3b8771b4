using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Storage.Rollups;
using Orleans.Concurrency;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>The ingest transaction's per-model aggregation: one batch, exact per-model, per-service, per-minute totals.</summary>
public sealed class IngestGrainTests(ObservatoryClusterFixture fx) : IClassFixture<ObservatoryClusterFixture>
{
    private static readonly DateTime AllFrom = BaseTime.AddHours(-1);
    private static readonly DateTime AllTo = BaseTime.AddHours(1);

    /// <summary>100 model calls (2 models × 2 services × 2 minutes, 8 uneven groups) and 5 spans that are no model calls.</summary>
    private static (List<ModelCall> Calls, SpanRecord[] Spans) MixedBatch(int seed)
    {
        var random = new Random(seed);
        List<ModelCall> calls =
        [
            .. ModelCall.Random(random, 23, "openai", "gpt-4o", "chat-api", 20),
            .. ModelCall.Random(random, 9, "openai", "gpt-4o", "chat-api", 21),
            .. ModelCall.Random(random, 14, "openai", "gpt-4o", "worker", 20),
            .. ModelCall.Random(random, 11, "openai", "gpt-4o", "worker", 21),
            .. ModelCall.Random(random, 17, "anthropic", "claude-sonnet-4", "chat-api", 20),
            .. ModelCall.Random(random, 6, "anthropic", "claude-sonnet-4", "chat-api", 21),
            .. ModelCall.Random(random, 12, "anthropic", "claude-sonnet-4", "worker", 20),
            .. ModelCall.Random(random, 8, "anthropic", "claude-sonnet-4", "worker", 21),
        ];
        Assert.Equal(100, calls.Count);

        // Shuffled over 10 traces, with a root, an agent and tool spans that must not count as model calls.
        var shuffled = calls.OrderBy(_ => random.Next()).ToList();
        var spans = new List<SpanRecord>();
        for (var trace = 0; trace < 10; trace++)
        {
            spans.AddRange(ModelCall.ToSpans(shuffled.Skip(trace * 10).Take(10)));
        }

        var traceId = spans[0].TraceId;
        var t = At(TimeSpan.FromMinutes(20));
        spans.Add(Plain(traceId, 1, null, "POST /v1/chat", "chat-api", t, t + NanosPerSecond));
        spans.Add(Plain(traceId, 90, 1, "invoke_agent planner", "chat-api", t, t + 1, attributes: [("gen_ai.operation.name", "invoke_agent")]));
        spans.Add(Plain(traceId, 91, 1, "execute_tool web", "worker", t, t + 1, error: true, attributes: [("gen_ai.operation.name", "execute_tool")]));
        spans.Add(Plain(traceId, 92, 1, "SELECT docs", "worker", t, t + 1));
        spans.Add(Plain(traceId, 93, 1, "GET /health", "chat-api", t, t + 1, error: true));
        return (calls, spans.OrderBy(_ => random.Next()).ToArray());
    }

    [Fact]
    public async Task A_batch_of_100_llm_spans_for_two_models_gives_exact_per_model_totals()
    {
        var project = NewProject();
        var (calls, spans) = MixedBatch(seed: 100);

        var reply = await fx.Client.GetGrain<IIngestGrain>(0).Ingest(project, spans.AsImmutable());
        Assert.Equal(new IngestReply(105, 0, null), reply);

        foreach (var (provider, model) in new[] { ("openai", "gpt-4o"), ("anthropic", "claude-sonnet-4") })
        {
            var grain = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId(provider, model)));
            var mine = calls.Where(c => c.Model == model).ToList();
            ModelCall.AssertStats(mine, await grain.GetStats(AllFrom, AllTo, null));
            foreach (var service in new[] { "chat-api", "worker" })
            {
                ModelCall.AssertStats(mine.Where(c => c.Service == service).ToList(), await grain.GetStats(AllFrom, AllTo, service));
                for (var minute = 20; minute <= 21; minute++)
                {
                    var bucket = mine.Where(c => c.Service == service && ToDateTime(c.StartUnixNano) < BaseTime.AddMinutes(minute + 1)
                        && ToDateTime(c.StartUnixNano) >= BaseTime.AddMinutes(minute)).ToList();
                    ModelCall.AssertStats(bucket, await grain.GetStats(BaseTime.AddMinutes(minute), BaseTime.AddMinutes(minute + 1), service));
                }
            }

            var rows = await fx.Sql.RollupsAsync(project, provider, model);
            Assert.Equal(4, rows.Count);
            Assert.Equal(mine.Count, rows.Sum(r => r.RequestCount));
            Assert.Equal(mine.Sum(c => c.Cost), rows.Sum(r => r.CostUsd));
            Assert.Equal(mine.Sum(c => c.Input ?? 0), rows.Sum(r => r.InputTokens));
        }

        Assert.Equal(23 + 9 + 14 + 11, (await fx.Client.GetGrain<IModelGrain>(
            GrainKeys.Model(project, new ModelId("openai", "gpt-4o"))).GetStats(AllFrom, AllTo, null)).RequestCount);
        Assert.Equal(
            [new ModelId("anthropic", "claude-sonnet-4"), new ModelId("openai", "gpt-4o")],
            await fx.Client.GetGrain<IModelDirectoryGrain>(project).List());
    }

    [Fact]
    public void RollupAggregate_makes_one_exact_bucket_per_model_service_and_minute()
    {
        var (calls, spans) = MixedBatch(seed: 6);
        var aggregate = new RollupAggregate();
        foreach (var span in spans)
        {
            aggregate.Add("p", span.ServiceName, span.Llm, span.StartUnixNano, span.IsError, span.DurationMs);
        }

        var minutes = aggregate.Buckets.Where(b => b.Resolution == RollupResolution.Minute).ToList();
        Assert.Equal(
            [("anthropic", "claude-sonnet-4"), ("openai", "gpt-4o")],
            minutes.Select(b => (b.Series.Provider, b.Series.Model)).Distinct().OrderBy(k => k.Provider));
        Assert.Equal(8, minutes.Count);
        foreach (var (series, _, start, usage) in minutes)
        {
            var bucket = calls.Where(c => c.Model == series.Model && c.Service == series.Service
                && c.StartUnixNano >= start && c.StartUnixNano < start + NanosPerMinute).ToList();
            Assert.Equal(0, (start - BaseNano) % NanosPerMinute);
            Assert.Equal(bucket.Count, usage.RequestCount);
            Assert.Equal(bucket.Count(c => c.Error), usage.ErrorCount);
            Assert.Equal(bucket.Count(c => c.Input is null), usage.CallsWithoutUsage);
            Assert.Equal(bucket.Sum(c => c.Input ?? 0), usage.InputTokens);
            Assert.Equal(bucket.Sum(c => c.Output ?? 0), usage.OutputTokens);
            Assert.Equal(bucket.Sum(c => c.Cost), usage.CostUsd);
            Assert.Equal(bucket.Count, usage.Latency.Count);
        }

        // Every call also counts once in its hour and its day.
        foreach (var resolution in new[] { RollupResolution.Hour, RollupResolution.Day })
        {
            Assert.Equal(calls.Count, aggregate.Buckets.Where(b => b.Resolution == resolution).Sum(b => b.Usage.RequestCount));
        }
    }
}
