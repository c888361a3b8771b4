using Observatory.Core.Llm;
using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

/// <summary>
/// What a cost records about itself (catalog entry, list version or custom price, tier) and why an unknown cost is
/// unknown (<see cref="CostUnknownReason"/>), decided once when the span is priced.
/// </summary>
public class CostAuditTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static LlmFacts Chat(string? provider, string? model, long? input = 1000, long? output = 500) =>
        new() { Provider = provider, Operation = "chat", ResponseModel = model, InputTokens = input, OutputTokens = output };

    [Fact]
    public void A_computed_cost_records_its_catalog_entry_and_the_list_version()
    {
        var priced = CostCalculator.Apply(Chat("openai", "gpt-4o-2024-08-06"), Catalog, Now);

        Assert.Equal(0.0075m, priced.CostUsd);
        Assert.Equal("openai/gpt-4o", priced.PriceEntry);
        Assert.Equal(Catalog.Version, priced.PriceCatalogVersion);
        Assert.False(string.IsNullOrEmpty(priced.PriceCatalogVersion));
        Assert.Null(priced.PriceTierAboveInputTokens);
        Assert.Null(priced.CostUnknownReason);
    }

    [Fact]
    public void A_long_prompt_records_the_tier_that_priced_the_whole_call()
    {
        var priced = CostCalculator.Apply(Chat("google", "gemini-2.5-pro", input: 250_000, output: 1_000), Catalog, Now);

        // 250000 × $2.50 + 1000 × $15 (the tier prices the output too)
        Assert.Equal(0.64m, priced.CostUsd);
        Assert.Equal(200_000, priced.PriceTierAboveInputTokens);
        Assert.Equal("google/gemini-2.5-pro", priced.PriceEntry);
    }

    [Fact]
    public void A_prompt_of_exactly_the_threshold_records_no_tier()
    {
        var priced = CostCalculator.Apply(Chat("google", "gemini-2.5-pro", input: 200_000, output: 0), Catalog, Now);

        Assert.Equal(0.25m, priced.CostUsd);
        Assert.Null(priced.PriceTierAboveInputTokens);
    }

    [Fact]
    public void A_custom_price_records_custom_as_its_version()
    {
        var prices = Catalog.WithCustomPrices([new CustomPrice("openai", "gpt-4o", new TokenRates(1m, 2m))]);

        var priced = CostCalculator.Apply(Chat("openai", "gpt-4o"), prices, Now);

        Assert.Equal(0.002m, priced.CostUsd);
        Assert.Equal("openai/gpt-4o", priced.PriceEntry);
        Assert.Equal(CustomPrice.SourceName, priced.PriceCatalogVersion);
    }

    [Fact]
    public void A_later_price_version_is_named_by_its_effective_date()
    {
        var from = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var prices = PriceCatalog.ForCustomPrices([
            new CustomPrice("acme", "acme-1", new TokenRates(1m, 1m)),
            new CustomPrice("acme", "acme-1", new TokenRates(2m, 2m), from),
            new CustomPrice("acme", "acme-2", new TokenRates(2m, 2m), from.AddHours(6.5)),
        ]);

        Assert.Equal("acme/acme-1", CostCalculator.Apply(Chat("acme", "acme-1"), prices, from.AddDays(-1)).PriceEntry);
        Assert.Equal("acme/acme-1@2026-06-01", CostCalculator.Apply(Chat("acme", "acme-1"), prices, from.AddDays(1)).PriceEntry);
        Assert.Equal("acme/acme-2@2026-06-01T06:30:00Z", CostCalculator.Apply(Chat("acme", "acme-2"), prices, from.AddDays(1)).PriceEntry);
    }

    [Fact]
    public void A_catalog_without_a_version_records_none()
    {
        var prices = new PriceCatalog([new ModelPrice("acme", "acme-1", new TokenRates(1m, 1m), "https://example.com", new DateOnly(2026, 1, 1))]);

        var priced = CostCalculator.Apply(Chat("acme", "acme-1"), prices, Now);

        Assert.Equal("acme/acme-1", priced.PriceEntry);
        Assert.Null(priced.PriceCatalogVersion);
    }

    [Theory]
    [InlineData("openai", null, null, CostUnknownReason.NoModel)]
    [InlineData(null, "  ", null, CostUnknownReason.NoModel)]
    [InlineData("ibm.watsonx.ai", "acme-internal-llm-7b", null, CostUnknownReason.UnpricedModel)]
    [InlineData(null, "totally-unknown-model", null, CostUnknownReason.UnpricedModel)]
    // An Azure deployment the account named itself, only the request model known.
    [InlineData("azure.ai.openai", null, "prod-chat-eastus", CostUnknownReason.DeploymentName)]
    [InlineData("az.ai.inference", "support-bot", null, CostUnknownReason.DeploymentName)]
    // An id that looks like a model family under Azure is a model id we lack a price for, not a deployment name.
    [InlineData("azure.ai.openai", "gpt-99-turbo", null, CostUnknownReason.UnpricedModel)]
    // The same deployment-like name from a provider that names models by id is an unpriced model.
    [InlineData("openai", "prod-chat-eastus", null, CostUnknownReason.UnpricedModel)]
    [InlineData("aws.bedrock", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3", null, CostUnknownReason.DeploymentName)]
    public void An_unpriced_call_says_why(string? provider, string? responseModel, string? requestModel, string expected)
    {
        var facts = Chat(provider, responseModel) with { RequestModel = requestModel };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Null(priced.CostUsd);
        Assert.Null(priced.PriceEntry);
        Assert.Equal(expected, priced.CostUnknownReason);
    }

    [Fact]
    public void An_azure_deployment_with_its_response_model_is_priced_by_the_response_model()
    {
        var facts = Chat("azure.ai.openai", "gpt-4o-2024-08-06") with { RequestModel = "prod-chat-eastus" };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Equal(0.0075m, priced.CostUsd);
        Assert.Null(priced.CostUnknownReason);
    }

    [Theory]
    [InlineData(null, null, CostUnknownReason.NoUsage)]
    [InlineData(null, 500L, CostUnknownReason.NoInputTokens)]
    [InlineData(1000L, null, CostUnknownReason.NoOutputTokens)]
    [InlineData(-1L, 500L, CostUnknownReason.InvalidUsage)]
    [InlineData(1000L, -5L, CostUnknownReason.InvalidUsage)]
    public void A_priced_call_with_incomplete_usage_says_which_count_is_missing_and_keeps_its_entry(long? input, long? output, string expected)
    {
        var priced = CostCalculator.Apply(Chat("openai", "gpt-4o", input, output), Catalog, Now);

        Assert.Null(priced.CostUsd);
        Assert.Equal(expected, priced.CostUnknownReason);
        Assert.Equal("openai/gpt-4o", priced.PriceEntry);
    }

    [Fact]
    public void A_negative_cache_count_is_invalid_usage()
    {
        var facts = Chat("openai", "gpt-4o") with { CacheReadInputTokens = -3 };

        Assert.Equal(CostUnknownReason.InvalidUsage, CostCalculator.Apply(facts, Catalog, Now).CostUnknownReason);
    }

    [Fact]
    public void An_embedding_without_output_tokens_is_priced_not_missing_output()
    {
        var facts = new LlmFacts { Provider = "openai", Operation = "embeddings", RequestModel = "text-embedding-3-small", InputTokens = 1000 };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.NotNull(priced.CostUsd);
        Assert.Null(priced.CostUnknownReason);
    }

    [Fact]
    public void A_missing_model_wins_over_missing_usage_as_the_first_thing_the_calculator_lacked()
    {
        var priced = CostCalculator.Apply(Chat("openai", null, input: null, output: null), Catalog, Now);

        Assert.Equal(CostUnknownReason.NoModel, priced.CostUnknownReason);
    }

    [Fact]
    public void A_cost_no_call_can_have_is_out_of_range()
    {
        var prices = PriceCatalog.ForCustomPrices([new CustomPrice("acme", "acme-1", new TokenRates(79_228_162_514_264m, 1m))]);

        var priced = CostCalculator.Apply(Chat("acme", "acme-1", input: 2_000_000_000, output: 1), prices, Now);

        Assert.Null(priced.CostUsd);
        Assert.Equal(CostUnknownReason.CostOutOfRange, priced.CostUnknownReason);
        Assert.Equal("acme/acme-1", priced.PriceEntry);
    }

    [Fact]
    public void A_supplied_cost_is_a_known_cost_even_when_ours_is_unknown()
    {
        var facts = Chat("ibm.watsonx.ai", "acme-internal-llm-7b") with { SuppliedCostUsd = 0.0123m };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Equal(0.0123m, priced.CostUsd);
        Assert.Null(priced.ComputedCostUsd);
        Assert.Null(priced.CostUnknownReason);
    }

    [Theory]
    [InlineData("invoke_agent")]
    [InlineData("execute_tool")]
    [InlineData("invoke_workflow")]
    public void Spans_that_are_not_model_calls_have_no_reason(string operation)
    {
        var facts = new LlmFacts { Provider = "openai", Operation = operation, RequestModel = "prod-chat-eastus" };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Null(priced.CostUsd);
        Assert.Null(priced.CostUnknownReason);
    }

    [Fact]
    public void Token_usage_without_an_operation_or_model_is_a_model_call_without_a_model()
    {
        var facts = new LlmFacts { InputTokens = 10, OutputTokens = 2 };

        Assert.Equal(CostUnknownReason.NoModel, CostCalculator.Apply(facts, Catalog, Now).CostUnknownReason);
    }

    [Fact]
    public void Every_reason_is_listed_once()
    {
        Assert.Equal(8, CostUnknownReason.All.Distinct().Count());
    }
}
