using System.Text.Json;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Spans;

public class SpanRecordFactoryTests
{
    private readonly SpanRecordFactory factory = new(PriceCatalog.Default);

    [Fact]
    public void An_LLM_span_becomes_a_record_with_its_facts_cost_and_identity()
    {
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            ParentSpanId = "53995c3f42cd8ad8",
            Name = "chat gpt-4o",
            Kind = SpanKind.Client,
            StartUnixNano = 1_700_000_000_000_000_000,
            EndUnixNano = 1_700_000_001_250_000_000,
            Status = SpanStatusCode.Unset,
            Attributes = TestSpans.Attributes(
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.usage.input_tokens", 1000L), ("gen_ai.usage.output_tokens", 500L),
                ("user.id", "alice"), ("gen_ai.conversation.id", "conv-7")),
            ResourceAttributes = TestSpans.Attributes(("service.name", "support-bot"), ("service.version", "1.4.2")),
            ScopeName = "Microsoft.Extensions.AI",
        };

        var record = factory.Create(span);

        Assert.Equal(
            (TestSpans.TraceId, TestSpans.SpanId, "53995c3f42cd8ad8", "chat gpt-4o", SpanKind.Client, "support-bot"),
            (record.TraceId, record.SpanId, record.ParentSpanId, record.Name, record.Kind, record.ServiceName));
        Assert.Equal(("alice", "conv-7", (string?)null), (record.UserId, record.SessionId, record.ErrorType));
        Assert.Equal(1250, record.DurationMs);
        Assert.NotNull(record.Llm);
        Assert.Equal(("openai", "gpt-4o-2024-08-06", 1000L, 500L), (record.Llm.Provider, record.Llm.Model, record.Llm.InputTokens!.Value, record.Llm.OutputTokens!.Value));
        Assert.Equal(0.0075m, record.Llm.CostUsd);
        Assert.False(record.Llm.IsCostSupplied);
        Assert.Equal("""{"service.name":"support-bot","service.version":"1.4.2"}""", record.ResourceAttributesJson);
        Assert.Equal(8, JsonDocument.Parse(record.AttributesJson).RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Prompts_and_completions_are_captured_by_default()
    {
        var record = factory.Create(ChatWithContent());

        Assert.Equal("""[{"role":"user","content":"Where is my order?"}]""", record.Llm!.Input);
        Assert.Equal("""[{"role":"assistant","content":"It ships today.","finish_reason":"stop"}]""", record.Llm.Output);
        Assert.Equal(Observatory.Core.Llm.Dialects.OTelGenAi, record.Llm.Dialect);
    }

    [Fact]
    public void With_content_capture_off_the_facts_keep_everything_but_the_content()
    {
        var withoutContent = new SpanRecordFactory(PriceCatalog.Default, captureContent: false);

        var record = withoutContent.Create(ChatWithContent());
        var perSpan = factory.Create(ChatWithContent(), withContent: false);

        foreach (var llm in new[] { record.Llm!, perSpan.Llm! })
        {
            Assert.Equal(((string?)null, (string?)null), (llm.Input, llm.Output));
            Assert.Equal((1000L, 500L, 0.0075m), (llm.InputTokens!.Value, llm.OutputTokens!.Value, llm.CostUsd!.Value));
        }

        Assert.Equal(record with { Llm = null }, perSpan with { Llm = null });
    }

    private static SpanData ChatWithContent() => TestSpans.With(
        ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.usage.input_tokens", 1000L), ("gen_ai.usage.output_tokens", 500L),
        ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Where is my order?"}]}]"""),
        ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"It ships today."}],"finish_reason":"stop"}]"""));

    [Fact]
    public void A_plain_span_has_no_LLM_facts_but_keeps_identity_and_error_type()
    {
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            Name = "POST /v1/tickets",
            Kind = SpanKind.Server,
            Status = SpanStatusCode.Error,
            Attributes = TestSpans.Attributes(("http.request.method", "POST"), ("error.type", "500"), ("session.id", "s-9")),
        };

        var record = factory.Create(span);

        Assert.Null(record.Llm);
        Assert.Equal(((string?)null, "s-9", "500"), (record.UserId, record.SessionId, record.ErrorType));
        Assert.True(record.IsError);
        Assert.True(record.IsRoot);
    }

    [Fact]
    public void Every_attribute_value_type_has_a_JSON_shape()
    {
        var span = TestSpans.With(
            ("text", "héllo <b>\"quoted\"</b>"),
            ("flag", true),
            ("count", 42L),
            ("ratio", 0.25),
            ("list", TestSpans.List(1L, "two", null, TestSpans.List(false))),
            ("map", TestSpans.Attributes(("k", "v"), ("nested", TestSpans.Attributes(("n", 1L))))),
            ("bytes", new byte[] { 1, 2, 3 }),
            ("nan", double.NaN),
            ("inf", double.PositiveInfinity),
            ("ninf", double.NegativeInfinity),
            ("missing", null),
            ("nul", "a\0b"));

        var record = factory.Create(span);

        Assert.Equal(
            """{"text":"héllo <b>\"quoted\"</b>","flag":true,"count":42,"ratio":0.25,"list":[1,"two",null,[false]],"map":{"k":"v","nested":{"n":1}},"bytes":"AQID","nan":"NaN","inf":"Infinity","ninf":"-Infinity","missing":null,"nul":"a�b"}""",
            record.AttributesJson);
    }

    [Fact]
    public void Events_are_a_JSON_array_of_name_time_and_attributes()
    {
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            Name = "chat",
            Status = SpanStatusCode.Error,
            Events =
            [
                new SpanEventData("gen_ai.content.prompt", 1_700_000_000_100_000_000, TestSpans.Attributes(("gen_ai.prompt", "hi"))),
                new SpanEventData("exception", 1_700_000_001_000_000_000,
                    TestSpans.Attributes(("exception.type", "System.TimeoutException"), ("exception.message", "timed out"))),
            ],
        };

        var record = factory.Create(span);

        Assert.Equal(
            """[{"name":"gen_ai.content.prompt","timeUnixNano":1700000000100000000,"attributes":{"gen_ai.prompt":"hi"}},"""
            + """{"name":"exception","timeUnixNano":1700000001000000000,"attributes":{"exception.type":"System.TimeoutException","exception.message":"timed out"}}]""",
            record.EventsJson);
        Assert.Equal("System.TimeoutException", record.ErrorType);
    }

    [Fact]
    public void A_span_without_attributes_or_events_stores_empty_JSON_and_an_unknown_service()
    {
        var record = factory.Create(new SpanData { TraceId = TestSpans.TraceId, SpanId = TestSpans.SpanId, Name = "idle" });

        Assert.Equal(("{}", "{}", "[]"), (record.AttributesJson, record.ResourceAttributesJson, record.EventsJson));
        Assert.Equal(SpanRecordFactory.UnknownServiceName, record.ServiceName);
        Assert.Equal("unknown_service", record.ServiceName);
    }

    [Fact]
    public void A_blank_service_name_counts_as_unknown()
    {
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            Name = "x",
            ResourceAttributes = TestSpans.Attributes(("service.name", " ")),
        };

        Assert.Equal("unknown_service", factory.Create(span).ServiceName);
    }

    [Fact]
    public void Oversized_string_values_are_truncated_with_a_marker_not_dropped()
    {
        var prompt = new string('a', 20_000);
        var record = factory.Create(TestSpans.With(("gen_ai.input.messages", prompt), ("short", "kept")));

        var stored = JsonDocument.Parse(record.AttributesJson).RootElement;
        Assert.Equal(new string('a', SpanRecordFactory.MaxAttributeValueBytes) + "…[truncated 3616 bytes]", stored.GetProperty("gen_ai.input.messages").GetString());
        Assert.Equal("kept", stored.GetProperty("short").GetString());
    }

    [Fact]
    public void Truncation_counts_UTF8_bytes_and_never_splits_a_character()
    {
        // 1 + 5000 × 4 bytes: 4095 emoji fit beside the "a" in 16 KiB, the 4096th would not.
        var value = "a" + string.Concat(Enumerable.Repeat("😀", 5000));

        var record = factory.Create(TestSpans.With(("output.value", value)));

        var stored = JsonDocument.Parse(record.AttributesJson).RootElement.GetProperty("output.value").GetString();
        Assert.Equal("a" + string.Concat(Enumerable.Repeat("😀", 4095)) + "…[truncated 3620 bytes]", stored);
    }

    [Fact]
    public void A_value_of_exactly_the_limit_is_kept_whole()
    {
        var value = new string('é', SpanRecordFactory.MaxAttributeValueBytes / 2);

        var record = factory.Create(TestSpans.With(("input.value", value)));

        Assert.Equal(value, JsonDocument.Parse(record.AttributesJson).RootElement.GetProperty("input.value").GetString());
    }

    [Fact]
    public void Oversized_values_in_resources_events_and_bytes_are_truncated_too()
    {
        var big = new string('r', 17_000);
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            Name = "chat",
            Attributes = TestSpans.Attributes(("blob", new byte[20_000])),
            ResourceAttributes = TestSpans.Attributes(("process.command_line", big)),
            Events = [new SpanEventData("gen_ai.choice", 1, TestSpans.Attributes(("message", big)))],
        };

        var record = factory.Create(span);

        var blob = JsonDocument.Parse(record.AttributesJson).RootElement.GetProperty("blob").GetString()!;
        Assert.EndsWith("…[truncated 7712 bytes]", blob);
        Assert.Equal(SpanRecordFactory.MaxAttributeValueBytes, blob.IndexOf('…'));
        Assert.EndsWith("…[truncated 616 bytes]", JsonDocument.Parse(record.ResourceAttributesJson).RootElement.GetProperty("process.command_line").GetString());
        Assert.EndsWith("…[truncated 616 bytes]", JsonDocument.Parse(record.EventsJson).RootElement[0].GetProperty("attributes").GetProperty("message").GetString());
    }

    [Fact]
    public void A_span_that_ends_before_it_starts_lasts_zero()
    {
        var span = new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            Name = "clock skew",
            StartUnixNano = 1_700_000_001_000_000_000,
            EndUnixNano = 1_700_000_000_000_000_000,
        };

        Assert.Equal(0, factory.Create(span).DurationMs);
    }

    [Fact]
    public void Records_built_on_many_threads_at_once_are_identical()
    {
        var spans = Enumerable.Range(0, 2000)
            .Select(i => TestSpans.With(("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", (long)i), ("i", new string('x', i))))
            .ToArray();
        var sequential = spans.Select(factory.Create).ToArray();

        var parallel = new SpanRecord[spans.Length];
        Parallel.For(0, spans.Length, i => parallel[i] = factory.Create(spans[i]));

        Assert.Equal(sequential.Select(r => (r.AttributesJson, r.Llm!.InputTokens)), parallel.Select(r => (r.AttributesJson, r.Llm!.InputTokens)));
    }
}
