using Observatory.Core.Llm;
using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

public class CostCalculatorTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;

    [Fact]
    public void A_chat_call_costs_input_plus_output_tokens_at_the_list_price()
    {
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o-2024-08-06", InputTokens = 1000, OutputTokens = 500 };

        // 1000 × $2.50/M + 500 × $10/M
        Assert.Equal(0.0075m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void A_mini_snapshot_is_priced_as_mini_not_as_its_prefix()
    {
        var facts = new LlmFacts { ResponseModel = "gpt-4o-mini-2024-07-18", InputTokens = 1_000_000, OutputTokens = 1_000_000 };

        // gpt-4o would give 12.50
        Assert.Equal(0.75m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void A_provider_prefixed_model_is_priced()
    {
        var facts = new LlmFacts { RequestModel = "anthropic/claude-3-5-sonnet-20241022", InputTokens = 2048, OutputTokens = 512 };

        // 2048 × $3/M + 512 × $15/M
        Assert.Equal(0.013824m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void Costs_are_exact_decimals_down_to_a_single_token()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4.1-nano", InputTokens = 1, OutputTokens = 1 };

        Assert.Equal(0.0000005m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void The_request_model_prices_the_call_when_the_response_model_is_unpriced()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o-mini", ResponseModel = "contoso-chat-deployment", InputTokens = 2000, OutputTokens = 0 };

        Assert.Equal(0.0003m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void An_unpriced_model_has_an_unknown_cost()
    {
        var facts = new LlmFacts { Provider = "ollama", RequestModel = "llama3.1:8b", InputTokens = 1000, OutputTokens = 500 };

        Assert.Null(CostCalculator.Compute(facts, Catalog));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, 500L)]
    [InlineData(1000L, null)]
    public void Unknown_tokens_give_an_unknown_cost_not_a_smaller_one(long? input, long? output)
    {
        var facts = new LlmFacts { Operation = "chat", RequestModel = "gpt-4o", InputTokens = input, OutputTokens = output };

        Assert.Null(CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void An_embedding_call_needs_only_input_tokens()
    {
        var facts = new LlmFacts { Operation = "embeddings", RequestModel = "text-embedding-3-small", InputTokens = 1000 };

        Assert.Equal(0.00002m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void Cached_input_tokens_are_priced_at_the_cache_rates_and_not_twice()
    {
        // OTel: input_tokens includes 8000 cache reads and 1000 cache writes.
        var facts = new LlmFacts
        {
            RequestModel = "claude-sonnet-4-20250514",
            InputTokens = 10_000,
            OutputTokens = 200,
            CacheReadInputTokens = 8000,
            CacheCreationInputTokens = 1000,
        };

        // 1000 × $3 + 8000 × $0.30 + 1000 × $3.75 + 200 × $15, per million
        Assert.Equal(0.01215m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void Anthropic_raw_input_that_excludes_cached_tokens_is_recognised()
    {
        // Anthropic's API reports input_tokens without the cache reads; they outnumber it.
        var facts = new LlmFacts { RequestModel = "claude-sonnet-4", InputTokens = 100, OutputTokens = 50, CacheReadInputTokens = 8000 };

        // 100 × $3 + 8000 × $0.30 + 50 × $15, per million
        Assert.Equal(0.00345m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void Cached_tokens_without_a_cache_rate_cost_the_input_price_not_zero()
    {
        var facts = new LlmFacts { RequestModel = "gemini-2.5-flash", InputTokens = 1000, OutputTokens = 100, CacheReadInputTokens = 800 };

        Assert.Equal(0.00055m, CostCalculator.Compute(facts, Catalog));
    }

    [Fact]
    public void A_client_supplied_cost_wins_and_is_marked_as_supplied()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500, SuppliedCostUsd = 0.0061m };

        var priced = CostCalculator.Apply(facts, Catalog);

        Assert.Equal(0.0061m, priced.CostUsd);
        Assert.True(priced.IsCostSupplied);
    }

    [Fact]
    public void Without_a_supplied_cost_the_catalog_cost_is_applied()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500 };

        var priced = CostCalculator.Apply(facts, Catalog);

        Assert.Equal(0.0075m, priced.CostUsd);
        Assert.False(priced.IsCostSupplied);
        Assert.Equal(facts with { CostUsd = 0.0075m }, priced);
    }
}
