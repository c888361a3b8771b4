using Observatory.Core.Spans;
using Observatory.Core.Traces;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>
/// A realistic agent trace of 8 spans over 4 services: a root request, an agent, three model calls (one without usage
/// and failed), a failing tool call, a retriever span whose clock runs 5 ms behind the root, and a feedback span that
/// ends after the root. Its summary is written out by hand below.
/// </summary>
internal static class AgentTrace
{
    public static readonly long T0 = At(TimeSpan.FromSeconds(5));

    public static long Ms(double ms) => T0 + (long)(ms * NanosPerMs);

    /// <summary>The spans in start-time order.</summary>
    public static SpanRecord[] Spans(string traceId) =>
    [
        Plain(traceId, 7, 4, "vector_search", "retriever", Ms(-5), Ms(100)),
        Plain(traceId, 1, null, "POST /v1/chat", "chat-api", Ms(0), Ms(4000), user: "user-42", session: "sess-7"),
        Plain(traceId, 2, 1, "invoke_agent support", "chat-api", Ms(10), Ms(3900), user: "user-99",
            attributes: [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "support")]),
        Llm(traceId, 3, 2, "chat-api", Ms(20), Ms(1220), "openai", "gpt-4o", 1200, 300),
        Plain(traceId, 4, 2, "execute_tool search_docs", "retriever", Ms(1250), Ms(1750), error: true,
            attributes: [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "search_docs")]),
        Llm(traceId, 5, 2, "chat-api", Ms(1800), Ms(3100), "openai", "gpt-4o-mini", 500, 50),
        Llm(traceId, 6, 2, "chat-api", Ms(3150), Ms(3850), "anthropic", "claude-sonnet-4", null, null, error: true),
        Plain(traceId, 8, 1, "record_feedback", "feedback-svc", Ms(3950), Ms(4500)),
    ];

    /// <summary>The summary of all 8 spans, whatever order they came in.</summary>
    public static TraceSummary Expected(string traceId) => new()
    {
        TraceId = traceId,
        ServiceName = "chat-api",
        RootSpanName = "POST /v1/chat",
        HasRoot = true,
        StartUnixNano = Ms(-5),
        EndUnixNano = Ms(4500),
        SpanCount = 8,
        LlmCallCount = 3,
        ErrorCount = 2,
        InputTokens = 1700,
        OutputTokens = 350,
        CostUsd = Cost("gpt-4o", 1200, 300) + Cost("gpt-4o-mini", 500, 50),
        Models = ["claude-sonnet-4", "gpt-4o", "gpt-4o-mini"],
        UserId = "user-42",
        SessionId = "sess-7",
    };

    public static void AssertRow(TraceSummary expected, TraceRow? row)
    {
        Assert.NotNull(row);
        Assert.Equal(expected.ServiceName, row.ServiceName);
        Assert.Equal(expected.RootSpanName, row.RootSpanName);
        Assert.Equal(expected.HasRoot, row.HasRoot);
        Assert.Equal(ToDateTime(expected.StartUnixNano), row.StartTime);
        Assert.Equal(ToDateTime(expected.EndUnixNano), row.EndTime);
        Assert.Equal(expected.DurationMs, row.DurationMs);
        Assert.Equal(expected.SpanCount, row.SpanCount);
        Assert.Equal(expected.LlmCallCount, row.LlmCallCount);
        Assert.Equal(expected.ErrorCount, row.ErrorCount);
        Assert.Equal(expected.InputTokens, row.InputTokens);
        Assert.Equal(expected.OutputTokens, row.OutputTokens);
        Assert.Equal(expected.CostUsd, row.CostUsd);
        Assert.Equal(string.Join(',', expected.Models), row.Models);
        Assert.Equal(expected.UserId, row.UserId);
        Assert.Equal(expected.SessionId, row.SessionId);
    }
}
