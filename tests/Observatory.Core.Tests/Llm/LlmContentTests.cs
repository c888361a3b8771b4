using System.Text.Json;
using Observatory.Core.Llm;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm;

/// <summary>Prompts and completions from attributes, span events and OTLP log records, in one shape and size-capped.</summary>
public class LlmContentTests
{
    [Fact]
    public void Per_message_span_events_of_semconv_1_28_to_1_36_become_the_input_and_output()
    {
        var span = DialectTests.Span(
            "opentelemetry.instrumentation.openai_v2",
            [
                new SpanEventData("gen_ai.system.message", 1, TestSpans.Attributes(("gen_ai.system", "openai"), ("content", "You are terse."))),
                new SpanEventData("gen_ai.user.message", 2, TestSpans.Attributes(("gen_ai.system", "openai"), ("content", "Weather?"))),
                new SpanEventData("gen_ai.choice", 3, TestSpans.Attributes(
                    ("gen_ai.system", "openai"), ("index", 0L), ("finish_reason", "stop"),
                    ("message", """{"role": "assistant", "content": "Sunny."}"""))),
            ],
            ("gen_ai.system", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o"));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal("""[{"role":"system","content":"You are terse."},{"role":"user","content":"Weather?"}]""", facts.Input);
        Assert.Equal("""[{"role":"assistant","content":"Sunny.","finish_reason":"stop"}]""", facts.Output);
        Assert.Equal(Dialects.OTelGenAiLegacy, facts.Dialect);
    }

    [Fact]
    public void Attributes_win_over_events_side_by_side()
    {
        var span = DialectTests.Span(
            "x",
            [
                new SpanEventData("gen_ai.content.prompt", 1, TestSpans.Attributes(("gen_ai.prompt", "from the event"))),
                new SpanEventData("gen_ai.content.completion", 2, TestSpans.Attributes(("gen_ai.completion", "completion from the event"))),
            ],
            ("gen_ai.provider.name", "openai"), ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"from the attribute"}]}]"""));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal("""[{"role":"user","content":"from the attribute"}]""", facts.Input);
        Assert.Equal("completion from the event", facts.Output);
    }

    public static TheoryData<string, (string, object?)[], object?, string?, string?> LogEvents => new()
    {
        {
            "gen_ai.user.message", [("gen_ai.system", "openai")],
            Map(("content", "What is OTel?")),
            """[{"role":"user","content":"What is OTel?"}]""", null
        },
        {
            "gen_ai.system.message", [("gen_ai.system", "openai")],
            """{"content": "Be brief."}""",
            """[{"role":"system","content":"Be brief."}]""", null
        },
        {
            "gen_ai.user.message", [("gen_ai.system", "openai")],
            "plain body text",
            """[{"role":"user","content":"plain body text"}]""", null
        },
        {
            "gen_ai.assistant.message", [("gen_ai.system", "openai")],
            Map(("tool_calls", TestSpans.List(Map(("id", "call_1"), ("type", "function"), ("function", Map(("name", "get_weather"), ("arguments", "{\"city\":\"Paris\"}"))))))),
            """[{"role":"assistant","tool_calls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]}]""", null
        },
        {
            "gen_ai.tool.message", [("gen_ai.system", "openai")],
            Map(("content", "22°C"), ("id", "call_1")),
            """[{"role":"tool","content":"22°C","tool_call_id":"call_1"}]""", null
        },
        {
            "gen_ai.choice", [("gen_ai.system", "openai")],
            Map(("index", 0L), ("finish_reason", "stop"), ("message", Map(("content", "OTel is…")))),
            null, """[{"role":"assistant","content":"OTel is…","finish_reason":"stop"}]"""
        },
        {
            "gen_ai.choice", [("gen_ai.system", "openai"), ("index", 0L), ("finish_reason", "length"), ("message", """{"role": "assistant", "content": "cut"}""")],
            null,
            null, """[{"role":"assistant","content":"cut","finish_reason":"length"}]"""
        },
        {
            "gen_ai.content.prompt", [("gen_ai.prompt", """[{"role": "user", "content": "hi"}]""")],
            null,
            """[{"role":"user","content":"hi"}]""", null
        },
        {
            "gen_ai.content.completion", [("gen_ai.completion", "hello")],
            null,
            null, "hello"
        },
        {
            "gen_ai.client.inference.operation.details",
            [
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.system_instructions", TestSpans.List(Map(("type", "text"), ("content", "Be kind.")))),
                ("gen_ai.input.messages", TestSpans.List(Map(("role", "user"), ("parts", TestSpans.List(Map(("type", "text"), ("content", "Hi"))))))),
                ("gen_ai.output.messages", TestSpans.List(Map(("role", "assistant"), ("parts", TestSpans.List(Map(("type", "text"), ("content", "Hello!")))), ("finish_reason", "stop")))),
            ],
            null,
            """[{"role":"system","content":"Be kind."},{"role":"user","content":"Hi"}]""",
            """[{"role":"assistant","content":"Hello!","finish_reason":"stop"}]"""
        },
        {
            "gen_ai.client.inference.operation.details",
            [
                ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Hi"}]}]"""),
                ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Hello!"}],"finish_reason":"stop"}]"""),
            ],
            null,
            """[{"role":"user","content":"Hi"}]""",
            """[{"role":"assistant","content":"Hello!","finish_reason":"stop"}]"""
        },
        { "gen_ai.evaluation.result", [("gen_ai.evaluation.score.value", 0.9)], null, null, null },
    };

    [Theory]
    [MemberData(nameof(LogEvents))]
    public void A_GenAI_log_record_gives_its_part_of_the_content(
        string eventName, (string, object?)[] attributes, object? body, string? input, string? output)
    {
        var parts = LlmContent.FromLogEvent(eventName, TestSpans.Attributes(attributes), body);

        Assert.Equal(new ContentParts(input, output), parts);
    }

    [Fact]
    public void Parts_of_one_span_append_into_one_message_array()
    {
        var system = LlmContent.FromLogEvent("gen_ai.system.message", [], Map(("content", "Be brief.")));
        var user = LlmContent.FromLogEvent("gen_ai.user.message", [], Map(("content", "Hi")));

        var input = LlmContent.Append(LlmContent.Append(null, system.Input), user.Input);

        Assert.Equal("""[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""", input);
        Assert.Equal(2, JsonDocument.Parse(input!).RootElement.GetArrayLength());
        Assert.Equal("first\nsecond", LlmContent.Append("first", "second"));
        Assert.Equal("kept", LlmContent.Append("kept", null));
    }

    [Fact]
    public void Each_side_is_capped_with_the_truncation_marker()
    {
        var prompt = new string('p', 40_000);
        var span = TestSpans.With(("gen_ai.provider.name", "openai"), ("llm.prompt", prompt), ("gen_ai.completion", "short"));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(new string('p', LlmContent.MaxBytes) + "…[truncated 7232 bytes]", facts.Input);
        Assert.Equal("short", facts.Output);
    }

    [Fact]
    public void A_cut_side_stays_cut_when_more_parts_arrive()
    {
        var cut = LlmContent.Cap(new string('x', LlmContent.MaxBytes + 10))!;

        Assert.Equal(cut, LlmContent.Append(cut, """[{"role":"user","content":"late"}]"""));
        Assert.EndsWith("…[truncated 10 bytes]", cut);
    }

    [Fact]
    public void Appending_caps_the_merged_array()
    {
        var big = LlmContent.FromLogEvent("gen_ai.user.message", [], Map(("content", new string('a', 20_000)))).Input;

        var merged = LlmContent.Append(big, big)!;

        Assert.EndsWith(" bytes]", merged);
        Assert.Contains("…[truncated ", merged);
    }

    [Fact]
    public void NUL_characters_do_not_reach_the_database()
    {
        Assert.Equal("a\uFFFDb", LlmContent.Cap("a\0b"));
    }

    [Fact]
    public void Vercel_content_blocks_keep_text_and_tool_calls()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("ai.operationId", "ai.generateText.doGenerate"), ("ai.model.id", "gpt-4o"),
            ("ai.prompt.messages",
                """[{"role":"user","content":[{"type":"text","text":"Weather?"}]},{"role":"assistant","content":[{"type":"tool-call","toolCallId":"c1","toolName":"weather","input":{"city":"Oslo"}}]},{"role":"tool","content":[{"type":"tool-result","toolCallId":"c1","toolName":"weather","output":{"type":"json","value":{"t":3}}}]}]""")))!;

        Assert.Equal(
            """[{"role":"user","content":"Weather?"},{"role":"assistant","tool_calls":[{"id":"c1","name":"weather","arguments":"{\"city\":\"Oslo\"}"}]},{"role":"tool","content":"{\"type\":\"json\",\"value\":{\"t\":3}}","tool_call_id":"c1"}]""",
            facts.Input);
    }

    [Fact]
    public void Content_that_is_not_a_message_array_is_kept_as_text()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("openinference.span.kind", "LLM"), ("input.value", "[not json"), ("output.value", """{"answer": 42}""")))!;

        Assert.Equal(("[not json", """{"answer": 42}"""), (facts.Input, facts.Output));
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> Map(params (string Key, object? Value)[] entries) => TestSpans.Attributes(entries);
}
