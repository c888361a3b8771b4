using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>
/// Trace assembly through the cluster: re-sent, out-of-order and late spans all end in the summary of one clean
/// delivery, in the grain and in the <c>traces</c> table.
/// </summary>
public sealed class TraceGrainTests(ObservatoryClusterFixture fx) : IClassFixture<ObservatoryClusterFixture>
{
    private static readonly DateTime From = BaseTime.AddHours(-1);
    private static readonly DateTime To = BaseTime.AddHours(1);

    private IIngestGrain Ingest => fx.Client.GetGrain<IIngestGrain>(0);

    private ITraceGrain Trace(string project, string traceId) => fx.Client.GetGrain<ITraceGrain>(GrainKeys.Trace(project, traceId));

    private IModelGrain Model(string project, string provider, string model) =>
        fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId(provider, model)));

    private async Task<ModelStatsReply[]> AllModelStats(string project) =>
    [
        await Model(project, "openai", "gpt-4o").GetStats(From, To, null),
        await Model(project, "openai", "gpt-4o-mini").GetStats(From, To, null),
        await Model(project, "anthropic", "claude-sonnet-4").GetStats(From, To, null),
    ];

    [Fact]
    public async Task Ingesting_the_same_batch_twice_counts_every_span_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var spans = AgentTrace.Spans(traceId);
        var expected = AgentTrace.Expected(traceId);

        var first = await Ingest.Ingest(project, spans.AsImmutable());
        Assert.Equal(new IngestReply(8, 0, null), first);
        AgentTrace.AssertSummary(expected, await Trace(project, traceId).GetSummary());
        var row = await fx.Sql.WaitForTraceAsync(project, traceId, 8);
        AgentTrace.AssertRow(expected, row);
        var stats = await AllModelStats(project);
        Assert.Equal([1L, 1L, 1L], stats.Select(s => s.RequestCount));
        Assert.Equal(1200, stats[0].InputTokens);
        Assert.Equal(Cost("gpt-4o", 1200, 300), stats[0].CostUsd);

        // The exporter retries the whole export.
        var second = await Ingest.Ingest(project, spans.AsImmutable());
        Assert.Equal(new IngestReply(0, 8, null), second);
        AgentTrace.AssertSummary(expected, await Trace(project, traceId).GetSummary());
        Assert.Equal(stats, await AllModelStats(project));

        // Nothing new reaches the writer: the row stays as it was (same updated_at) over several flush periods.
        await Task.Delay(3 * Storage.Traces.TraceSummaryWriter.FlushInterval);
        Assert.Equal(row, await fx.Sql.TraceAsync(project, traceId));
        Assert.Equal(8L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM spans WHERE project_id = $1 AND trace_id = $2", project, traceId));
    }

    [Fact]
    public async Task A_partly_resent_batch_counts_only_its_new_spans_and_a_span_repeated_within_a_batch_counts_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var spans = AgentTrace.Spans(traceId);
        Assert.Equal(new IngestReply(8, 0, null), await Ingest.Ingest(project, spans.AsImmutable()));
        var before = await AllModelStats(project);

        var extra = Llm(traceId, 9, 1, "chat-api", AgentTrace.Ms(4100), AgentTrace.Ms(4300), "openai", "gpt-4o", 40, 4);
        var reply = await Ingest.Ingest(project, new[] { spans[3], extra, spans[5], extra }.AsImmutable());
        Assert.Equal(new IngestReply(1, 3, null), reply);

        var expected = AgentTrace.Expected(traceId) with
        {
            SpanCount = 9,
            LlmCallCount = 4,
            InputTokens = 1740,
            OutputTokens = 354,
            CostUsd = AgentTrace.Expected(traceId).CostUsd + Cost("gpt-4o", 40, 4),
        };
        AgentTrace.AssertSummary(expected, await Trace(project, traceId).GetSummary());
        AgentTrace.AssertRow(expected, await fx.Sql.WaitForTraceAsync(project, traceId, 9));

        var after = await AllModelStats(project);
        Assert.Equal(2, after[0].RequestCount);
        Assert.Equal(1240, after[0].InputTokens);
        Assert.Equal(304, after[0].OutputTokens);
        Assert.Equal(Cost("gpt-4o", 1200, 300) + Cost("gpt-4o", 40, 4), after[0].CostUsd);
        Assert.Equal(before[1], after[1]);
        Assert.Equal(before[2], after[2]);
    }

    [Fact]
    public async Task Two_identical_exports_in_flight_at_once_count_every_span_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var expected = AgentTrace.Expected(traceId);

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Ingest.Ingest(project, AgentTrace.Spans(traceId).AsImmutable())));

        Assert.Equal(8, replies.Sum(r => r.Accepted));
        Assert.Equal(24, replies.Sum(r => r.Duplicates));
        AgentTrace.AssertSummary(expected, await Trace(project, traceId).GetSummary());
        AgentTrace.AssertRow(expected, await fx.Sql.WaitForTraceAsync(project, traceId, 8));
        var stats = await AllModelStats(project);
        Assert.Equal([1L, 1L, 1L], stats.Select(s => s.RequestCount));
        Assert.Equal([0L, 0L, 1L], stats.Select(s => s.CallsWithoutUsage));
        Assert.Equal([0L, 0L, 1L], stats.Select(s => s.ErrorCount));
        Assert.Equal(Cost("gpt-4o-mini", 500, 50), stats[1].CostUsd);
    }

    [Fact]
    public async Task AddSpans_twice_with_the_same_spans_counts_them_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var facts = AgentTrace.Spans(traceId).Select(TraceSpanFacts.From).ToArray();
        var expected = AgentTrace.Expected(traceId);
        var grain = Trace(project, traceId);

        await grain.AddSpans(facts.AsImmutable(), mayHaveStoredSpans: true);
        AgentTrace.AssertSummary(expected, await grain.GetSummary());
        await grain.AddSpans(facts.AsImmutable(), mayHaveStoredSpans: true);
        AgentTrace.AssertSummary(expected, await grain.GetSummary());
        await grain.AddSpans(new[] { facts[6], facts[2], facts[6] }.AsImmutable(), mayHaveStoredSpans: true);
        AgentTrace.AssertSummary(expected, await grain.GetSummary());

        AgentTrace.AssertRow(expected, await fx.Sql.WaitForTraceAsync(project, traceId, 8));
    }

    [Fact]
    public async Task Spans_out_of_order_and_split_over_batches_give_the_in_order_summary()
    {
        var project = NewProject();
        var inOrder = NewTraceId();
        var outOfOrder = NewTraceId();

        // One clean delivery in start-time order.
        Assert.Equal(new IngestReply(8, 0, null), await Ingest.Ingest(project, AgentTrace.Spans(inOrder).AsImmutable()));

        // The same spans in reverse time order, children first, the root in the last of three batches.
        var reversed = AgentTrace.Spans(outOfOrder).OrderByDescending(s => s.StartUnixNano).ToArray();
        Assert.Equal(["8", "6", "5", "4", "3", "2", "1", "7"], reversed.Select(s => s.SpanId.TrimStart('0')));
        var grain = Trace(project, outOfOrder);

        Assert.Equal(new IngestReply(3, 0, null), await Ingest.Ingest(project, reversed[..3].AsImmutable()));
        var partial = await grain.GetSummary();
        Assert.NotNull(partial);
        Assert.False(partial.HasRoot);
        Assert.Equal("chat gpt-4o-mini", partial.RootSpanName); // no root yet: the earliest span stands in
        Assert.Equal(3, partial.SpanCount);
        Assert.Equal(AgentTrace.Ms(1800), partial.StartUnixNano);
        Assert.Equal(AgentTrace.Ms(4500), partial.EndUnixNano);

        Assert.Equal(new IngestReply(3, 0, null), await Ingest.Ingest(project, reversed[3..6].AsImmutable()));
        partial = await grain.GetSummary();
        Assert.NotNull(partial);
        Assert.False(partial.HasRoot);
        Assert.Equal("invoke_agent support", partial.RootSpanName);
        Assert.Equal("user-99", partial.UserId);

        Assert.Equal(new IngestReply(2, 0, null), await Ingest.Ingest(project, reversed[6..].AsImmutable()));

        var expectedInOrder = AgentTrace.Expected(inOrder);
        var expectedOutOfOrder = AgentTrace.Expected(outOfOrder);
        AgentTrace.AssertSummary(expectedInOrder, await Trace(project, inOrder).GetSummary());
        AgentTrace.AssertSummary(expectedOutOfOrder, await grain.GetSummary());
        AgentTrace.AssertSummary(expectedOutOfOrder, (await Trace(project, inOrder).GetSummary())! with { TraceId = outOfOrder });

        var inOrderRow = await fx.Sql.WaitForTraceAsync(project, inOrder, 8);
        var outOfOrderRow = await fx.Sql.WaitForTraceAsync(project, outOfOrder, 8);
        AgentTrace.AssertRow(expectedInOrder, inOrderRow);
        AgentTrace.AssertRow(expectedOutOfOrder, outOfOrderRow);
        Assert.Equal(inOrderRow with { UpdatedAt = default }, outOfOrderRow with { UpdatedAt = default });
        Assert.Equal(4505.0, outOfOrderRow.DurationMs);
    }

    [Fact]
    public async Task A_late_span_after_the_summary_was_stored_and_the_grain_deactivated_is_counted_exactly_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var grain = Trace(project, traceId);
        var expected = AgentTrace.Expected(traceId);

        Assert.Equal(new IngestReply(8, 0, null), await Ingest.Ingest(project, AgentTrace.Spans(traceId).AsImmutable()));
        AgentTrace.AssertRow(expected, await fx.Sql.WaitForTraceAsync(project, traceId, 8));

        // The trace goes idle and is collected; a new activation rebuilds it from the stored spans alone.
        await fx.Cluster.DeactivateAsync(grain);
        AgentTrace.AssertSummary(expected, await grain.GetSummary());
        await fx.Cluster.DeactivateAsync(grain);

        // Minutes later the last span of the trace arrives.
        var late = Llm(traceId, 9, 1, "feedback-svc", AgentTrace.Ms(4100), AgentTrace.Ms(4600), "openai", "gpt-4o", 800, 200);
        Assert.Equal(new IngestReply(1, 0, null), await Ingest.Ingest(project, new[] { late }.AsImmutable()));

        var withLate = expected with
        {
            EndUnixNano = AgentTrace.Ms(4600),
            SpanCount = 9,
            LlmCallCount = 4,
            InputTokens = 2500,
            OutputTokens = 550,
            CostUsd = expected.CostUsd + Cost("gpt-4o", 800, 200),
        };
        AgentTrace.AssertSummary(withLate, await grain.GetSummary());
        Assert.Equal(4605.0, withLate.DurationMs);
        var row = await fx.Sql.WaitForTraceAsync(project, traceId, 9);
        AgentTrace.AssertRow(withLate, row);

        // A retry of everything after that changes nothing, in a fresh activation too.
        await fx.Cluster.DeactivateAsync(grain);
        var all = AgentTrace.Spans(traceId).Append(late).ToArray();
        Assert.Equal(new IngestReply(0, 9, null), await Ingest.Ingest(project, all.AsImmutable()));
        AgentTrace.AssertSummary(withLate, await grain.GetSummary());
        await Task.Delay(3 * Storage.Traces.TraceSummaryWriter.FlushInterval);
        Assert.Equal(row, await fx.Sql.TraceAsync(project, traceId));

        var gpt4o = await Model(project, "openai", "gpt-4o").GetStats(From, To, null);
        Assert.Equal(2, gpt4o.RequestCount);
        Assert.Equal(2000, gpt4o.InputTokens);
        Assert.Equal(500, gpt4o.OutputTokens);
    }

    [Fact]
    public async Task The_user_and_session_of_a_trace_do_not_depend_on_the_order_its_spans_arrive_in()
    {
        // The root names no user; two children name different ones. The same spans in start order and in reverse.
        var project = NewProject();
        TraceSpanFacts[] Spans(string traceId) =>
        [
            .. new[]
            {
                Plain(traceId, 1, null, "POST /v1/chat", "chat-api", AgentTrace.Ms(0), AgentTrace.Ms(900)),
                Plain(traceId, 2, 1, "load_profile", "chat-api", AgentTrace.Ms(10), AgentTrace.Ms(50), user: "alice", session: "s-alice"),
                Llm(traceId, 3, 1, "chat-api", AgentTrace.Ms(60), AgentTrace.Ms(800), "openai", "gpt-4o", 10, 1, user: "bob"),
            }.Select(TraceSpanFacts.From),
        ];

        var inOrder = Trace(project, NewTraceId());
        await inOrder.AddSpans(Spans("in-order").AsImmutable(), mayHaveStoredSpans: true);
        var reversed = Trace(project, NewTraceId());
        var late = Spans("reversed");
        await reversed.AddSpans(new[] { late[2] }.AsImmutable(), mayHaveStoredSpans: true);
        await reversed.AddSpans(new[] { late[1], late[0] }.AsImmutable(), mayHaveStoredSpans: true);

        var a = await inOrder.GetSummary();
        var b = await reversed.GetSummary();
        Assert.Equal((a?.UserId, a?.SessionId), (b?.UserId, b?.SessionId));
    }

    [Fact]
    public async Task A_client_supplied_cost_gives_the_same_trace_and_model_totals_before_and_after_reactivation()
    {
        // OpenLIT reports its own cost as a double; 0.000012345678901234 has more decimals than numeric(24, 12) keeps,
        // so it is rounded to the stored scale on the way in and live and stored totals agree.
        var project = NewProject();
        var traceId = NewTraceId();
        var span = Plain(traceId, 1, null, "chat gpt-4o", "chat-api", AgentTrace.Ms(0), AgentTrace.Ms(700), attributes:
        [
            ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", 1000L), ("gen_ai.usage.output_tokens", 100L), ("gen_ai.usage.cost", 0.000012345678901234),
        ]);
        Assert.Equal(0.000012345679m, span.Llm?.CostUsd);
        Assert.Equal(new IngestReply(1, 0, null), await Ingest.Ingest(project, new[] { span }.AsImmutable()));
        var trace = Trace(project, traceId);
        var model = Model(project, "openai", "gpt-4o");

        var liveTrace = await trace.GetSummary();
        var liveModel = await model.GetStats(From, To, null);
        Assert.Equal(0.000012345679m, liveTrace?.CostUsd);
        Assert.Equal(0.000012345679m, liveModel.CostUsd);

        await model.Flush();
        await fx.Cluster.DeactivateAsync(trace);
        await fx.Cluster.DeactivateAsync(model);

        Assert.Equal(liveTrace?.CostUsd, (await trace.GetSummary())?.CostUsd);
        Assert.Equal(liveModel.CostUsd, (await model.GetStats(From, To, null)).CostUsd);
        Assert.Equal(liveTrace?.CostUsd, (await fx.Sql.WaitForTraceAsync(project, traceId, 1)).CostUsd);
    }
}
