using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>
/// Trace summaries through the cluster: re-sent, out-of-order and late spans all end in the summary of one clean
/// delivery in the <c>traces</c> table, written by the transaction that stores the spans.
/// </summary>
public sealed class TraceSummaryTests(ObservatoryClusterFixture fx) : IClassFixture<ObservatoryClusterFixture>
{
    private static readonly DateTime From = BaseTime.AddHours(-1);
    private static readonly DateTime To = BaseTime.AddHours(1);

    private IIngestGrain Ingest => fx.Client.GetGrain<IIngestGrain>(0);

    private Task<TraceRow?> Row(string project, string traceId) => fx.Sql.TraceAsync(project, traceId);

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
        var row = await Row(project, traceId);
        AgentTrace.AssertRow(expected, row);
        var stats = await AllModelStats(project);
        Assert.Equal([1L, 1L, 1L], stats.Select(s => s.RequestCount));
        Assert.Equal(1200, stats[0].InputTokens);
        Assert.Equal(Cost("gpt-4o", 1200, 300), stats[0].CostUsd);

        // The exporter retries the whole export.
        var second = await Ingest.Ingest(project, spans.AsImmutable());
        Assert.Equal(new IngestReply(0, 8, null), second);
        Assert.Equal(stats, await AllModelStats(project));

        // Nothing new was stored, so the row was not even rewritten (same updated_at).
        Assert.Equal(row, await Row(project, traceId));
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
        AgentTrace.AssertRow(expected, await Row(project, traceId));

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
        AgentTrace.AssertRow(expected, await Row(project, traceId));
        var stats = await AllModelStats(project);
        Assert.Equal([1L, 1L, 1L], stats.Select(s => s.RequestCount));
        Assert.Equal([0L, 0L, 1L], stats.Select(s => s.CallsWithoutUsage));
        Assert.Equal([0L, 0L, 1L], stats.Select(s => s.ErrorCount));
        Assert.Equal(Cost("gpt-4o-mini", 500, 50), stats[1].CostUsd);
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

        Assert.Equal(new IngestReply(3, 0, null), await Ingest.Ingest(project, reversed[..3].AsImmutable()));
        var partial = await Row(project, outOfOrder);
        Assert.NotNull(partial);
        Assert.False(partial.HasRoot);
        Assert.Equal("chat gpt-4o-mini", partial.RootSpanName); // no root yet: the earliest span stands in
        Assert.Equal(3, partial.SpanCount);
        Assert.Equal(ToDateTime(AgentTrace.Ms(1800)), partial.StartTime);
        Assert.Equal(ToDateTime(AgentTrace.Ms(4500)), partial.EndTime);

        Assert.Equal(new IngestReply(3, 0, null), await Ingest.Ingest(project, reversed[3..6].AsImmutable()));
        partial = await Row(project, outOfOrder);
        Assert.NotNull(partial);
        Assert.False(partial.HasRoot);
        Assert.Equal("invoke_agent support", partial.RootSpanName);
        Assert.Equal("user-99", partial.UserId);

        Assert.Equal(new IngestReply(2, 0, null), await Ingest.Ingest(project, reversed[6..].AsImmutable()));

        var inOrderRow = await Row(project, inOrder);
        var outOfOrderRow = await Row(project, outOfOrder);
        AgentTrace.AssertRow(AgentTrace.Expected(inOrder), inOrderRow);
        AgentTrace.AssertRow(AgentTrace.Expected(outOfOrder), outOfOrderRow);
        Assert.Equal(inOrderRow! with { UpdatedAt = default }, outOfOrderRow! with { UpdatedAt = default });
        Assert.Equal(4505.0, outOfOrderRow.DurationMs);
    }

    [Fact]
    public async Task A_late_span_after_the_summary_was_stored_is_counted_exactly_once()
    {
        var project = NewProject();
        var traceId = NewTraceId();
        var expected = AgentTrace.Expected(traceId);

        Assert.Equal(new IngestReply(8, 0, null), await Ingest.Ingest(project, AgentTrace.Spans(traceId).AsImmutable()));
        AgentTrace.AssertRow(expected, await Row(project, traceId));

        // Minutes later the last span of the trace arrives: the summary is rebuilt from all stored spans.
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
        Assert.Equal(4605.0, withLate.DurationMs);
        var row = await Row(project, traceId);
        AgentTrace.AssertRow(withLate, row);

        // A retry of everything after that changes nothing.
        var all = AgentTrace.Spans(traceId).Append(late).ToArray();
        Assert.Equal(new IngestReply(0, 9, null), await Ingest.Ingest(project, all.AsImmutable()));
        Assert.Equal(row, await Row(project, traceId));

        var gpt4o = await Model(project, "openai", "gpt-4o").GetStats(From, To, null);
        Assert.Equal(2, gpt4o.RequestCount);
        Assert.Equal(2000, gpt4o.InputTokens);
        Assert.Equal(500, gpt4o.OutputTokens);
    }

    [Fact]
    public async Task Spans_and_a_summary_stored_without_their_key_row_are_counted_once_when_re_sent_with_a_late_span()
    {
        // A script that writes spans and summaries but no trace_keys row: the writer takes the trace for new, and its
        // plain COPY of the spans collides with the stored ones. The group is written again the careful way.
        var project = NewProject();
        var traceId = NewTraceId();
        var expected = AgentTrace.Expected(traceId);
        Assert.Equal(new IngestReply(8, 0, null), await Ingest.Ingest(project, AgentTrace.Spans(traceId).AsImmutable()));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "WITH d AS (DELETE FROM trace_keys WHERE project_id = $1 AND trace_id = $2 RETURNING 1) SELECT count(*) FROM d", project, traceId));

        var late = Llm(traceId, 9, 1, "feedback-svc", AgentTrace.Ms(4100), AgentTrace.Ms(4600), "openai", "gpt-4o", 800, 200);
        var all = AgentTrace.Spans(traceId).Append(late).ToArray();
        Assert.Equal(new IngestReply(1, 8, null), await Ingest.Ingest(project, all.AsImmutable()));

        AgentTrace.AssertRow(expected with
        {
            EndUnixNano = AgentTrace.Ms(4600),
            SpanCount = 9,
            LlmCallCount = 4,
            InputTokens = 2500,
            OutputTokens = 550,
            CostUsd = expected.CostUsd + Cost("gpt-4o", 800, 200),
        }, await Row(project, traceId));
        Assert.Equal(9L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM spans WHERE project_id = $1 AND trace_id = $2", project, traceId));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM trace_keys WHERE project_id = $1 AND trace_id = $2", project, traceId));
        var gpt4o = await Model(project, "openai", "gpt-4o").GetStats(From, To, null);
        Assert.Equal(2, gpt4o.RequestCount);
    }

    [Fact]
    public async Task Spans_of_one_new_trace_stored_by_concurrent_exports_all_land_in_its_summary()
    {
        // Eight exports of one spans each, all at once: several transactions find the trace new at the same moment.
        var project = NewProject();
        var traceId = NewTraceId();
        var spans = AgentTrace.Spans(traceId);

        var replies = await Task.WhenAll(spans.Select(s => Ingest.Ingest(project, new[] { s }.AsImmutable())));

        Assert.Equal(8, replies.Sum(r => r.Accepted));
        AgentTrace.AssertRow(AgentTrace.Expected(traceId), await Row(project, traceId));
    }

    [Fact]
    public async Task The_user_and_session_of_a_trace_do_not_depend_on_the_order_its_spans_arrive_in()
    {
        // The root names no user; two children name different ones. The same spans in start order and in reverse.
        var project = NewProject();
        SpanRecord[] Spans(string traceId) =>
        [
            Plain(traceId, 1, null, "POST /v1/chat", "chat-api", AgentTrace.Ms(0), AgentTrace.Ms(900)),
            Plain(traceId, 2, 1, "load_profile", "chat-api", AgentTrace.Ms(10), AgentTrace.Ms(50), user: "alice", session: "s-alice"),
            Llm(traceId, 3, 1, "chat-api", AgentTrace.Ms(60), AgentTrace.Ms(800), "openai", "gpt-4o", 10, 1, user: "bob"),
        ];

        var inOrder = NewTraceId();
        await Ingest.Ingest(project, Spans(inOrder).AsImmutable());
        var reversed = NewTraceId();
        var late = Spans(reversed);
        await Ingest.Ingest(project, new[] { late[2] }.AsImmutable());
        await Ingest.Ingest(project, new[] { late[1], late[0] }.AsImmutable());

        var a = await Row(project, inOrder);
        var b = await Row(project, reversed);
        Assert.Equal(("alice", "s-alice"), (a?.UserId, a?.SessionId));
        Assert.Equal((a?.UserId, a?.SessionId), (b?.UserId, b?.SessionId));
    }

    [Fact]
    public async Task A_client_supplied_cost_gives_the_same_trace_and_model_totals()
    {
        // OpenLIT reports its own cost as a double; 0.000012345678901234 has more decimals than numeric(24, 12) keeps,
        // so it is rounded to the stored scale on the way in and the trace and model totals agree with the span.
        var project = NewProject();
        var traceId = NewTraceId();
        var span = Plain(traceId, 1, null, "chat gpt-4o", "chat-api", AgentTrace.Ms(0), AgentTrace.Ms(700), attributes:
        [
            ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", 1000L), ("gen_ai.usage.output_tokens", 100L), ("gen_ai.usage.cost", 0.000012345678901234),
        ]);
        Assert.Equal(0.000012345679m, span.Llm?.CostUsd);
        Assert.Equal(new IngestReply(1, 0, null), await Ingest.Ingest(project, new[] { span }.AsImmutable()));
        var model = Model(project, "openai", "gpt-4o");

        Assert.Equal(0.000012345679m, (await Row(project, traceId))?.CostUsd);
        Assert.Equal(0.000012345679m, (await model.GetStats(From, To, null)).CostUsd);
        await fx.Cluster.DeactivateAsync(model);
        Assert.Equal(0.000012345679m, (await model.GetStats(From, To, null)).CostUsd);
    }
}
