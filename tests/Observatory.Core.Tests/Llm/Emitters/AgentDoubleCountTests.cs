using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>
/// Agent and workflow spans never count on top of the model calls under them, whatever they carry: a property over
/// random trees of wrappers (each repeating the summed usage of its subtree, as the real frameworks do) and leaf calls.
/// </summary>
public class AgentDoubleCountTests
{
    private static readonly SpanRecordFactory Factory = new(PriceCatalog.Default, captureContent: false);

    /// <summary>Wrapper spans as frameworks send them; each gets the summed usage of its subtree.</summary>
    private static readonly Func<Usage, (string? Scope, string Name, SpanKind Kind, (string, object?)[] Attributes)>[] Wrappers =
    [
        // strands tracer.py start_agent_span / end_agent_span: the model id and accumulated_usage on invoke_agent.
        u => ("strands.telemetry.tracer", "invoke_agent support", SpanKind.Internal,
            [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.system", "strands-agents"), ("gen_ai.agent.name", "support"),
             ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.usage.prompt_tokens", u.Input),
             ("gen_ai.usage.completion_tokens", u.Output), ("gen_ai.usage.input_tokens", u.Input), ("gen_ai.usage.output_tokens", u.Output),
             ("gen_ai.usage.total_tokens", u.Input + u.Output), ("gen_ai.usage.cache_read_input_tokens", 0L), ("gen_ai.usage.cache_write_input_tokens", 0L)]),
        // strands multi-agent span: CLIENT kind, no usage.
        _ => ("strands.telemetry.tracer", "invoke_swarm", SpanKind.Client,
            [("gen_ai.operation.name", "invoke_swarm"), ("gen_ai.system", "strands-agents"), ("gen_ai.agent.name", "swarm")]),
        // pydantic-ai agent run: summed usage, no model.
        u => ("pydantic-ai", "invoke_agent triage", SpanKind.Internal,
            [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "triage"), ("gen_ai.usage.input_tokens", u.Input),
             ("gen_ai.usage.output_tokens", u.Output)]),
        // Microsoft Agent Framework OpenTelemetryAgent: invoke_agent with the run's usage and the chat model's id.
        u => ("Experimental.Microsoft.Agents.AI", "invoke_agent Writer", SpanKind.Client,
            [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
             ("gen_ai.agent.name", "Writer"), ("gen_ai.usage.input_tokens", u.Input), ("gen_ai.usage.output_tokens", u.Output)]),
        // OpenInference LangChain CHAIN span repeating llm.token_count.*.
        u => ("openinference.instrumentation.langchain", "RunnableSequence", SpanKind.Internal,
            [("openinference.span.kind", "CHAIN"), ("llm.token_count.prompt", u.Input), ("llm.token_count.completion", u.Output)]),
        // Vercel outer ai.generateText: usage summed over its doGenerate steps.
        u => ("ai", "ai.generateText", SpanKind.Internal,
            [("ai.operationId", "ai.generateText"), ("ai.model.provider", "openai.chat"), ("ai.model.id", "gpt-4o"),
             ("ai.usage.inputTokens", u.Input), ("ai.usage.outputTokens", u.Output)]),
        // OpenInference openai-agents _processor.py: the trace root and agent spans are AGENT, with llm.system but no usage.
        _ => ("openinference.instrumentation.openai_agents", "Support agent", SpanKind.Internal,
            [("openinference.span.kind", "AGENT"), ("llm.system", "openai")]),
        // OpenLLMetry workflow.
        u => ("traceloop.sdk", "support_flow.workflow", SpanKind.Internal,
            [("traceloop.span.kind", "workflow"), ("traceloop.entity.name", "support_flow"), ("gen_ai.usage.input_tokens", u.Input),
             ("gen_ai.usage.output_tokens", u.Output)]),
    ];

    private readonly record struct Usage(long Input, long Output);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void No_trace_totals_exceed_the_sum_of_its_leaf_model_calls(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var spans = new List<SpanData>();
            var leaves = new List<SpanRecord>();
            Build(random, spans, leaves, parent: null, depth: 0);
            var records = spans.Select(Factory.Create).ToList();
            var trace = new TraceSummaryAccumulator(TestSpans.TraceId);
            foreach (var record in records.OrderBy(_ => random.Next()))
            {
                trace.Add(TraceSpanFacts.From(record));
            }

            var summary = trace.ToSummary()!;
            var leafModelCalls = leaves.Where(l => l.Llm?.IsModelCall == true).ToList();
            Assert.True(summary.InputTokens <= leafModelCalls.Sum(l => l.Llm!.InputTokens ?? 0), $"seed {seed} trial {trial}: input");
            Assert.True(summary.OutputTokens <= leafModelCalls.Sum(l => l.Llm!.OutputTokens ?? 0), $"seed {seed} trial {trial}: output");
            Assert.True(summary.CostUsd <= leafModelCalls.Sum(l => l.Llm!.CostUsd ?? 0m), $"seed {seed} trial {trial}: cost");
            Assert.Equal(leafModelCalls.Count, summary.LlmCallCount);
        }
    }

    [Fact]
    public void A_Strands_agent_that_repeats_its_two_model_calls_is_shown_but_counted_once()
    {
        var chat = EmitterCases.ByEmitter["strands"].Payload;
        var first = Copy(chat, "1000000000000001", "a000000000000001");
        var second = Copy(chat, "1000000000000002", "a000000000000001");
        var agentFacts = SpanNormalizer.Normalize(first)!;
        var (scope, name, kind, attributes) = Wrappers[0](new Usage(2 * 1_523, 2 * 389));
        var agent = Span("a000000000000001", null, scope, name, kind, attributes);

        var records = new[] { agent, first, second }.Select(Factory.Create).ToList();
        var trace = new TraceSummaryAccumulator(TestSpans.TraceId);
        records.ForEach(r => trace.Add(TraceSpanFacts.From(r)));
        var summary = trace.ToSummary()!;

        var agentRecord = records[0].Llm!;
        Assert.Equal(("invoke_agent", false, 2 * 1_523L), (agentRecord.Operation, agentRecord.IsModelCall, agentRecord.InputTokens));
        Assert.Equal((2, 2 * agentFacts.InputTokens!.Value, 2 * 389L), (summary.LlmCallCount, summary.InputTokens, summary.OutputTokens));
        Assert.Equal(2 * records[1].Llm!.CostUsd!.Value, summary.CostUsd);
    }

    // A wrapper over 1–3 children, or a leaf model call taken from a realistic emitter case.
    private static Usage Build(Random random, List<SpanData> spans, List<SpanRecord> leaves, string? parent, int depth)
    {
        var id = (spans.Count + 1).ToString("x16");
        if (depth >= 3 || random.Next(3) == 0)
        {
            var cases = EmitterCases.ByEmitter.Values.ToList();
            var leaf = Copy(cases[random.Next(cases.Count)].Payload, id, parent);
            spans.Add(leaf);
            var record = Factory.Create(leaf);
            leaves.Add(record);
            return new Usage(record.Llm!.InputTokens ?? 0, record.Llm.OutputTokens ?? 0);
        }

        var index = spans.Count;
        spans.Add(null!);
        var usage = new Usage(0, 0);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var child = Build(random, spans, leaves, id, depth + 1);
            usage = new Usage(usage.Input + child.Input, usage.Output + child.Output);
        }

        var (scope, name, kind, attributes) = Wrappers[random.Next(Wrappers.Length)](usage);
        spans[index] = Span(id, parent, scope, name, kind, attributes);
        return usage;
    }

    private static SpanData Copy(SpanData span, string id, string? parent) =>
        Span(id, parent, span.ScopeName, span.Name, span.Kind, span.Attributes.Select(a => (a.Key, a.Value)).ToArray());

    private static SpanData Span(string id, string? parent, string? scope, string name, SpanKind kind, (string, object?)[] attributes) => new()
    {
        TraceId = TestSpans.TraceId,
        SpanId = id,
        ParentSpanId = parent,
        Name = name,
        Kind = kind,
        StartUnixNano = 1_764_000_000_000_000_000,
        EndUnixNano = 1_764_000_004_000_000_000,
        ScopeName = scope,
        Attributes = TestSpans.Attributes(attributes),
    };
}
