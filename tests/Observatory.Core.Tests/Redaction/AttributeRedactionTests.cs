using Observatory.Core.Redaction;

namespace Observatory.Core.Tests.Redaction;

public class AttributeRedactionTests
{
    private static readonly PiiRedactor Redactor = new(RedactionPolicy.Default);

    [Theory]
    [InlineData("gen_ai.input.messages")]
    [InlineData("gen_ai.output.messages")]
    [InlineData("gen_ai.system_instructions")]
    [InlineData("gen_ai.prompt")]
    [InlineData("gen_ai.prompt.0.content")]
    [InlineData("gen_ai.completion.1.tool_calls.0.arguments")]
    [InlineData("input.value")]
    [InlineData("output.value")]
    [InlineData("llm.input_messages.0.message.content")]
    [InlineData("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments")]
    [InlineData("gen_ai.tool.call.arguments")]
    [InlineData("traceloop.entity.input")]
    [InlineData("ai.prompt.messages")]
    [InlineData("ai.response.text")]
    [InlineData("retrieval.documents.0.document.content")]
    [InlineData("user.email")]
    [InlineData("enduser.id")]
    [InlineData("http.request.header.authorization")]
    [InlineData("exception.message")]
    public void Content_and_personal_attributes_are_redacted_by_default(string key)
    {
        Assert.True(Redactor.ShouldRedactAttribute(key));
    }

    [Theory]
    [InlineData("gen_ai.request.model")]
    [InlineData("gen_ai.response.model")]
    [InlineData("gen_ai.usage.input_tokens")]
    [InlineData("gen_ai.provider.name")]
    [InlineData("llm.token_count.prompt")]
    [InlineData("llm.model_name")]
    [InlineData("service.name")]
    [InlineData("user.id")]
    [InlineData("session.id")]
    [InlineData("input.mime_type")]
    [InlineData("gen_ai_input.messages")]
    public void Ordinary_attributes_are_not_redacted(string key)
    {
        Assert.False(Redactor.ShouldRedactAttribute(key));
    }

    [Fact]
    public void Only_content_attributes_are_scanned_and_the_input_list_is_not_mutated()
    {
        KeyValuePair<string, object?>[] attributes =
        [
            new("gen_ai.request.model", "gpt-4o"),
            new("gen_ai.usage.input_tokens", 1534L),
            new("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"I'm jane@example.com, call +1 (415) 555-2671"}]}]"""),
            new("service.name", "support-bot@prod"),
            new("server.address", "10.0.0.12"),
            new("http.request.header.authorization", new object?[] { "Basic YWxhZGRpbjpvcGVuc2VzYW1l" }),
            new("enduser.id", "customer-48213"),
        ];
        var original = attributes.ToArray();
        var counts = new RedactionCounts();

        var redacted = Redactor.RedactAttributes(attributes, counts);

        Assert.Equal(original, attributes);
        Assert.Equal("gpt-4o", redacted[0].Value);
        Assert.Equal(1534L, redacted[1].Value);
        Assert.Equal(
            """[{"role":"user","parts":[{"type":"text","content":"I'm [REDACTED:email], call [REDACTED:phone]"}]}]""",
            redacted[2].Value);
        Assert.Equal("support-bot@prod", redacted[3].Value);
        Assert.Equal("10.0.0.12", redacted[4].Value);
        Assert.Equal(new object?[] { "[REDACTED:secret]" }, redacted[5].Value);
        Assert.Equal("[REDACTED:identity]", redacted[6].Value);
        Assert.Equal(
            new Dictionary<string, int> { ["email"] = 1, ["phone"] = 1, ["secret"] = 1, ["identity"] = 1 },
            counts.ToDictionary());
    }

    [Fact]
    public void Nested_key_value_lists_and_arrays_are_redacted_recursively()
    {
        IReadOnlyList<KeyValuePair<string, object?>> message =
        [
            new("role", "user"),
            new("content", "my card is 4111 1111 1111 1111"),
            new("metadata", new KeyValuePair<string, object?>[] { new("ip", "203.0.113.9"), new("turn", 3L) }),
        ];
        KeyValuePair<string, object?>[] attributes =
        [
            new("llm.input_messages", new object?[] { message, "reach me at bob@example.org", 42L, null }),
            new("app.context", new KeyValuePair<string, object?>[]
            {
                new("input.value", "mail ann@example.net"),
                new("tenant", "acme"),
            }),
        ];

        var redacted = Redactor.RedactAttributes(attributes);

        var items = Assert.IsAssignableFrom<IReadOnlyList<object?>>(redacted[0].Value);
        var redactedMessage = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(items[0]);
        Assert.Equal("user", redactedMessage[0].Value);
        Assert.Equal("my card is [REDACTED:credit_card]", redactedMessage[1].Value);
        var metadata = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(redactedMessage[2].Value);
        Assert.Equal("[REDACTED:ip_address]", metadata[0].Value);
        Assert.Equal(3L, metadata[1].Value);
        Assert.Equal("reach me at [REDACTED:email]", items[1]);
        Assert.Equal(42L, items[2]);
        Assert.Null(items[3]);

        // A nested key matches by its dotted path: app.context.input.value is no content key, so it is untouched.
        Assert.Same(attributes[1].Value, redacted[1].Value);
        Assert.Equal("my card is 4111 1111 1111 1111", message[1].Value);
    }

    [Fact]
    public void A_nested_key_whose_dotted_path_is_a_content_key_is_redacted()
    {
        KeyValuePair<string, object?>[] attributes =
        [
            new("gen_ai", new KeyValuePair<string, object?>[] { new("prompt", "ssn? no, email: kim@example.com"), new("system", "openai") }),
        ];

        var nested = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(Redactor.RedactAttributes(attributes)[0].Value);

        Assert.Equal("ssn? no, email: [REDACTED:email]", nested[0].Value);
        Assert.Equal("openai", nested[1].Value);
    }

    [Fact]
    public void Attributes_without_anything_to_redact_come_back_as_the_same_list()
    {
        IReadOnlyList<KeyValuePair<string, object?>> attributes =
        [
            new("gen_ai.request.model", "claude-sonnet-4"),
            new("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"What is 2+2?"}]}]"""),
            new("string.array", new object?[] { "a", "b" }),
        ];

        Assert.Same(attributes, Redactor.RedactAttributes(attributes));
    }

    [Fact]
    public void Project_keys_add_to_the_defaults_and_whole_value_keys_replace_any_value()
    {
        var redactor = new PiiRedactor(new RedactionPolicy
        {
            HmacKey = "tenant-42-key-0123456789",
            Modes = new Dictionary<PiiKind, RedactionMode> { [PiiKind.Identity] = RedactionMode.Hash },
            AttributeKeys = ["app.ticket.body", "app.chat.*"],
            WholeValueAttributeKeys = new Dictionary<string, PiiKind> { ["app.customer.id"] = PiiKind.Identity, ["user.id"] = PiiKind.Identity },
        });

        var redacted = redactor.RedactAttributes(
        [
            new("app.ticket.body", "refund to 4111111111111111"),
            new("app.chat.7.text", "ping me: lee@example.com"),
            new("app.customer.id", 90210L),
            new("user.id", "u-17"),
            new("input.value", "from 192.0.2.1"),
            new("app.other", "lee@example.com"),
        ]);

        Assert.Equal("refund to [REDACTED:credit_card]", redacted[0].Value);
        Assert.Equal("ping me: [REDACTED:email]", redacted[1].Value);
        Assert.Matches(@"^\[identity:hmac:[0-9a-f]{16}\]$", Assert.IsType<string>(redacted[2].Value));
        Assert.Matches(@"^\[identity:hmac:[0-9a-f]{16}\]$", Assert.IsType<string>(redacted[3].Value));
        Assert.Equal("from [REDACTED:ip_address]", redacted[4].Value);
        Assert.Equal("lee@example.com", redacted[5].Value);
        Assert.Same(redacted, redactor.RedactAttributes(redacted));
    }

    [Fact]
    public void Opting_out_of_the_defaults_redacts_only_the_project_keys()
    {
        var redactor = new PiiRedactor(new RedactionPolicy { IncludeDefaultAttributeKeys = false, AttributeKeys = ["notes"] });

        Assert.False(redactor.ShouldRedactAttribute("gen_ai.input.messages"));
        Assert.True(redactor.ShouldRedactAttribute("notes"));
    }

    [Fact]
    public void A_log_record_body_is_scanned_whatever_its_keys()
    {
        IReadOnlyList<KeyValuePair<string, object?>> body =
        [
            new("role", "user"),
            new("content", "api_key=abc123def456 and mail sam@example.com"),
        ];

        var redacted = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(Redactor.RedactValue(body));

        Assert.Equal("api_key=[REDACTED:secret] and mail [REDACTED:email]", redacted[1].Value);
    }
}
