using Observatory.Core.Budgets;
using Observatory.Core.Llm;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Budgets;

public class BudgetScopeTests
{
    private static SpanRecord Call(LlmFacts? llm, string attributes = "{}", string resource = "{}") => new()
    {
        TraceId = "t1",
        SpanId = "s1",
        Name = "chat gpt-4o",
        ServiceName = "checkout",
        UserId = "u-1",
        SessionId = "sess-1",
        StartUnixNano = 1_790_000_000_000_000_000,
        AttributesJson = attributes,
        ResourceAttributesJson = resource,
        Llm = llm,
    };

    private static readonly LlmFacts Chat = new()
    {
        Provider = "openai",
        Operation = "chat",
        RequestModel = "gpt-4o",
        ResponseModel = "gpt-4o-2024-08-06",
        InputTokens = 1000,
        OutputTokens = 500,
        CostUsd = 0.00725m,
    };

    [Fact]
    public void A_model_call_counts_its_cost_and_input_plus_output_tokens()
    {
        var span = BudgetSpan.From(Call(Chat))!;

        Assert.Equal((0.00725m, 1500L, "checkout", "openai"), (span.CostUsd, span.Tokens, span.Service, span.Provider));
        Assert.Equal(1_790_000_000_000_000_000 / 60_000_000_000, span.Minute);
    }

    [Fact]
    public void Agent_spans_and_non_llm_spans_never_count_and_unknown_usage_adds_nothing()
    {
        Assert.Null(BudgetSpan.From(Call(null)));
        Assert.Null(BudgetSpan.From(Call(Chat with { Operation = "invoke_agent" })));
        var streamed = BudgetSpan.From(Call(Chat with { InputTokens = null, OutputTokens = null, CostUsd = null }))!;
        Assert.Equal((0m, 0L), (streamed.CostUsd, streamed.Tokens));
    }

    [Fact]
    public void The_model_matches_the_request_or_the_response_model_and_nothing_else()
    {
        var span = BudgetSpan.From(Call(Chat))!;

        Assert.True(new BudgetScope(Model: "gpt-4o").Matches(span));
        Assert.True(new BudgetScope(Model: "gpt-4o-2024-08-06").Matches(span));
        Assert.False(new BudgetScope(Model: "gpt-4o-mini").Matches(span));
        Assert.False(new BudgetScope(Model: "GPT-4O").Matches(span));
    }

    [Fact]
    public void Every_given_field_must_match()
    {
        var span = BudgetSpan.From(Call(Chat))!;

        Assert.True(BudgetScope.Project.Matches(span));
        Assert.True(new BudgetScope("checkout", "openai", "gpt-4o", "u-1", "sess-1").Matches(span));
        Assert.False(new BudgetScope("checkout", "openai", "gpt-4o", "u-2").Matches(span));
        Assert.False(new BudgetScope(Service: "search").Matches(span));
        Assert.False(new BudgetScope(Provider: "anthropic").Matches(span));
        Assert.False(new BudgetScope(SessionId: "sess-2").Matches(span));
    }

    [Fact]
    public void An_attribute_matches_by_its_text_the_span_attribute_winning_over_the_resource_one()
    {
        var span = BudgetSpan.From(Call(Chat, """{"tenant":"acme","tier":3,"beta":true}""", """{"tenant":"other","deployment.environment":"prod"}"""))!;

        Assert.True(new BudgetScope(AttributeKey: "tenant", AttributeValue: "acme").Matches(span));
        Assert.False(new BudgetScope(AttributeKey: "tenant", AttributeValue: "other").Matches(span));
        Assert.True(new BudgetScope(AttributeKey: "deployment.environment", AttributeValue: "prod").Matches(span));
        Assert.True(new BudgetScope(AttributeKey: "tier", AttributeValue: "3").Matches(span));
        Assert.True(new BudgetScope(AttributeKey: "beta", AttributeValue: "true").Matches(span));
        Assert.False(new BudgetScope(AttributeKey: "missing", AttributeValue: "x").Matches(span));
    }

    [Fact]
    public void A_bulk_check_applies_a_budget_only_when_the_call_gives_every_field_it_is_scoped_by()
    {
        var perUser = new BudgetScope(UserId: "u-1");

        Assert.True(BudgetScope.Project.AppliesTo(new BudgetScope(Service: "checkout")));
        Assert.True(perUser.AppliesTo(new BudgetScope(Service: "checkout", UserId: "u-1")));
        Assert.False(perUser.AppliesTo(new BudgetScope(Service: "checkout")));
        Assert.False(perUser.AppliesTo(new BudgetScope(UserId: "u-2")));
    }

    [Fact]
    public void Invalid_scopes_are_named()
    {
        Assert.Equal(
            ["scope.service must be 1-256 characters when given.", "scope.attributeKey and scope.attributeValue go together."],
            new BudgetScope(Service: "", AttributeKey: "tenant").Validate());
        Assert.Equal(["scope.model must be 1-256 characters when given."], new BudgetScope(Model: new string('m', 257)).Validate());
    }
}
