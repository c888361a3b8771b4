using Observatory.Core.Llm;
using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

// Expected costs are exact decimals worked by hand: tokens × USD per million ÷ 1,000,000, no rounding anywhere.
public class CostCalculatorTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_chat_call_costs_input_plus_output_tokens_at_the_list_price()
    {
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o-2024-08-06", InputTokens = 1000, OutputTokens = 500 };

        // 1000 × $2.50 + 500 × $10, per million
        Assert.Equal(0.0075m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void A_snapshot_name_is_priced_as_its_family()
    {
        var facts = new LlmFacts { Provider = "anthropic", ResponseModel = "claude-3-5-sonnet-20241022", InputTokens = 2048, OutputTokens = 512 };

        // 2048 × $3 + 512 × $15
        Assert.Equal(0.013824m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void A_mini_snapshot_is_priced_as_mini_not_as_its_prefix()
    {
        var facts = new LlmFacts { ResponseModel = "gpt-4o-mini-2024-07-18", InputTokens = 1_000_000, OutputTokens = 1_000_000 };

        // gpt-4o would give 12.50
        Assert.Equal(0.75m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Theory]
    [InlineData("openai/gpt-4o-mini", 1_000_000, 1_000_000, "0.75")]
    [InlineData("models/gemini-1.5-pro-002", 10_000, 1_000, "0.0175")] // 10000 × $1.25 + 1000 × $5
    [InlineData("anthropic/claude-3.5-sonnet", 2048, 512, "0.013824")]
    public void A_provider_prefixed_model_is_priced(string model, long input, long output, string expected)
    {
        var facts = new LlmFacts { RequestModel = model, InputTokens = input, OutputTokens = output };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostCalculator.Compute(facts, Catalog, Now));
    }

    [Theory]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0", 2048, 512, "0.013824")]
    [InlineData("amazon.nova-pro-v1:0", 10_000, 2_000, "0.0144")] // 10000 × $0.80 + 2000 × $3.20
    [InlineData("meta.llama3-1-70b-instruct-v1:0", 1_000, 1_000, "0.00144")] // 2000 × $0.72
    [InlineData("us.deepseek.r1-v1:0", 1_000, 1_000, "0.00675")] // 1000 × $1.35 + 1000 × $5.40
    public void A_bedrock_model_id_is_priced(string model, long input, long output, string expected)
    {
        var facts = new LlmFacts { Provider = "aws.bedrock", RequestModel = model, InputTokens = input, OutputTokens = output };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void Costs_are_exact_decimals_down_to_a_single_token()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4.1-nano", InputTokens = 1, OutputTokens = 1 };

        Assert.Equal(0.0000005m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void The_request_model_prices_the_call_when_the_response_model_is_unpriced()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o-mini", ResponseModel = "contoso-chat-deployment", InputTokens = 2000, OutputTokens = 0 };

        Assert.Equal(0.0003m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void An_unpriced_model_has_an_unknown_cost()
    {
        var facts = new LlmFacts { Provider = "ollama", RequestModel = "llama3.1:8b", InputTokens = 1000, OutputTokens = 500 };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        Assert.Equal(CostBreakdown.Unknown with { UnknownReason = CostUnknownReason.UnpricedModel }, cost);
        Assert.Null(cost.CostUsd);
        Assert.Null(cost.Source);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, 500L)]
    [InlineData(1000L, null)]
    [InlineData(-1L, 500L)]
    public void Unknown_tokens_give_an_unknown_cost_not_a_smaller_one(long? input, long? output)
    {
        var facts = new LlmFacts { Operation = "chat", RequestModel = "gpt-4o", InputTokens = input, OutputTokens = output };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        Assert.Null(cost.ComputedUsd);
        Assert.Null(cost.CostUsd);
        Assert.Null(cost.Source);
        Assert.Null(cost.InputUsd);
        Assert.Equal("gpt-4o", cost.Price?.Model);
        Assert.Null(CostCalculator.Apply(facts, Catalog, Now).CostUsd);
    }

    [Fact]
    public void An_embedding_call_needs_only_input_tokens()
    {
        var facts = new LlmFacts { Operation = "embeddings", RequestModel = "text-embedding-3-small", InputTokens = 1000 };

        Assert.Equal(0.00002m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void Cache_reads_are_priced_at_the_cache_read_rate_and_not_again_as_input()
    {
        // OTel: input_tokens 10,000 include 6,000 served from OpenAI's prompt cache.
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4.1-2025-04-14",
            InputTokens = 10_000,
            OutputTokens = 500,
            CacheReadInputTokens = 6_000,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 4000 × $2 + 6000 × $0.50 + 500 × $8, per million
        Assert.Equal(
            (0.015m, 0.008m, 0.003m, 0m, 0.004m, 0m),
            (cost.ComputedUsd, cost.InputUsd, cost.CacheReadUsd, cost.CacheWriteUsd, cost.OutputUsd, cost.ReasoningUsd));
        Assert.Equal(CostSource.Computed, cost.Source);
    }

    [Fact]
    public void Cache_writes_are_priced_at_the_cache_write_rate()
    {
        var facts = new LlmFacts
        {
            Provider = "anthropic",
            ResponseModel = "claude-sonnet-4-5-20250929",
            InputTokens = 12_000,
            OutputTokens = 300,
            CacheCreationInputTokens = 10_000,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 2000 × $3 + 10000 × $3.75 + 300 × $15, per million
        Assert.Equal((0.048m, 0.006m, 0.0375m, 0.0045m), (cost.ComputedUsd, cost.InputUsd, cost.CacheWriteUsd, cost.OutputUsd));
    }

    [Fact]
    public void Cache_reads_and_writes_together_are_each_priced_once()
    {
        var facts = new LlmFacts
        {
            RequestModel = "claude-sonnet-4-20250514",
            InputTokens = 10_000,
            OutputTokens = 200,
            CacheReadInputTokens = 8000,
            CacheCreationInputTokens = 1000,
        };

        // 1000 × $3 + 8000 × $0.30 + 1000 × $3.75 + 200 × $15, per million
        Assert.Equal(0.01215m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void Anthropic_raw_input_that_excludes_cached_tokens_is_recognised()
    {
        // Anthropic's API reports input_tokens without the cache reads; they outnumber it.
        var facts = new LlmFacts { RequestModel = "claude-sonnet-4", InputTokens = 100, OutputTokens = 50, CacheReadInputTokens = 8000 };

        // 100 × $3 + 8000 × $0.30 + 50 × $15, per million
        Assert.Equal(0.00345m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void Cached_tokens_without_a_cache_rate_cost_the_input_price_not_zero()
    {
        // OpenAI lists no cache-write rate: writing the cache is billed as plain input.
        var facts = new LlmFacts { RequestModel = "gpt-4o", InputTokens = 1000, OutputTokens = 100, CacheCreationInputTokens = 800 };

        // 1000 × $2.50 + 100 × $10, per million
        Assert.Equal(0.0035m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void Reasoning_tokens_at_the_output_rate_are_part_of_the_output_not_extra()
    {
        // 5,000 output tokens, 4,000 of them reasoning: o4-mini prices thinking as output.
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "o4-mini-2025-04-16", InputTokens = 2000, OutputTokens = 5000, ReasoningOutputTokens = 4000 };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 2000 × $1.10 + 1000 × $4.40 + 4000 × $4.40, per million
        Assert.Equal((0.0242m, 0.0022m, 0.0044m, 0.0176m), (cost.ComputedUsd, cost.InputUsd, cost.OutputUsd, cost.ReasoningUsd));
        Assert.Equal(cost.ComputedUsd, CostCalculator.Compute(facts with { ReasoningOutputTokens = null }, Catalog, Now));
    }

    [Fact]
    public void Reasoning_tokens_with_their_own_rate_are_priced_at_it_and_not_also_as_output()
    {
        // Gemini 2.5 Flash preview: non-thinking output $0.60, thinking output $3.50.
        var facts = new LlmFacts
        {
            Provider = "google",
            ResponseModel = "gemini-2.5-flash-preview-05-20",
            InputTokens = 1000,
            OutputTokens = 3000,
            ReasoningOutputTokens = 2500,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 1000 × $0.15 + 500 × $0.60 + 2500 × $3.50, per million (not 3000 × $0.60 + 2500 × $3.50)
        Assert.Equal((0.0092m, 0.00015m, 0.0003m, 0.00875m), (cost.ComputedUsd, cost.InputUsd, cost.OutputUsd, cost.ReasoningUsd));
    }

    [Fact]
    public void A_prompt_of_exactly_the_threshold_is_priced_at_the_base_tier()
    {
        var facts = new LlmFacts { Provider = "google", ResponseModel = "gemini-2.5-pro", InputTokens = 200_000, OutputTokens = 1000 };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 200000 × $1.25 + 1000 × $10, per million
        Assert.Equal(0.26m, cost.ComputedUsd);
        Assert.Null(cost.Tier);
    }

    [Fact]
    public void A_prompt_one_token_above_the_threshold_prices_the_whole_request_at_the_higher_tier()
    {
        var facts = new LlmFacts { Provider = "google", ResponseModel = "gemini-2.5-pro", InputTokens = 200_001, OutputTokens = 1000 };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 200001 × $2.50 + 1000 × $15, per million
        Assert.Equal(0.5150025m, cost.ComputedUsd);
        Assert.Equal(200_000, cost.Tier?.AboveInputTokens);
    }

    [Fact]
    public void Cached_tokens_count_toward_the_tier_threshold_and_are_priced_at_the_tier_cache_rate()
    {
        // Claude Sonnet 4.5 long context: 250,000 prompt tokens, 200,000 of them cache reads.
        var facts = new LlmFacts
        {
            Provider = "anthropic",
            ResponseModel = "claude-sonnet-4-5-20250929",
            InputTokens = 250_000,
            OutputTokens = 1000,
            CacheReadInputTokens = 200_000,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 50000 × $6 + 200000 × $0.60 + 1000 × $22.50, per million
        Assert.Equal((0.4425m, 0.3m, 0.12m, 0.0225m), (cost.ComputedUsd, cost.InputUsd, cost.CacheReadUsd, cost.OutputUsd));
    }

    [Fact]
    public void A_price_change_applies_from_its_effective_date_on()
    {
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "o3-2025-04-16", InputTokens = 1000, OutputTokens = 1000 };

        // Before the 2025-06-10 cut: 1000 × $10 + 1000 × $40; after: 1000 × $2 + 1000 × $8.
        Assert.Equal(0.05m, CostCalculator.Compute(facts, Catalog, new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(0.01m, CostCalculator.Compute(facts, Catalog, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2025-03-01T00:00:00Z", "0.26")] // 400000 × $0.27 + 600000 × $0.07 + 100000 × $1.10
    [InlineData("2025-09-05T15:59:59Z", "0.26")]
    [InlineData("2025-09-05T16:00:00Z", "0.434")] // 400000 × $0.56 + 600000 × $0.07 + 100000 × $1.68
    [InlineData("2025-10-01T00:00:00Z", "0.1708")] // 400000 × $0.28 + 600000 × $0.028 + 100000 × $0.42
    public void Each_call_is_priced_at_the_price_version_in_force_when_it_was_made(string at, string expected)
    {
        var facts = new LlmFacts { Provider = "deepseek", ResponseModel = "deepseek-chat", InputTokens = 1_000_000, OutputTokens = 100_000, CacheReadInputTokens = 600_000 };

        var cost = CostCalculator.Compute(facts, Catalog, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), cost);
    }

    [Fact]
    public void A_project_custom_price_overrides_the_built_in_one()
    {
        var prices = Catalog.WithCustomPrices([new CustomPrice("openai", "gpt-4o", new TokenRates(2.00m, 8.00m, CacheReadPerMillion: 1.00m))]);
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o-2024-08-06", InputTokens = 1000, OutputTokens = 500, CacheReadInputTokens = 400 };

        var cost = CostCalculator.Calculate(facts, prices, Now);

        // 600 × $2 + 400 × $1 + 500 × $8, per million (the list price would be 0.00675)
        Assert.Equal(0.0056m, cost.ComputedUsd);
        Assert.Equal(CustomPrice.SourceName, cost.Price?.Source);
    }

    [Fact]
    public void A_custom_price_effective_from_a_date_leaves_earlier_calls_at_the_built_in_price()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prices = Catalog.WithCustomPrices([new CustomPrice("openai", "gpt-4o", new TokenRates(2.00m, 8.00m), from)]);
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500 };

        // Built in: 1000 × $2.50 + 500 × $10; custom: 1000 × $2 + 500 × $8, per million.
        Assert.Equal(0.0075m, CostCalculator.Compute(facts, prices, from.AddTicks(-1)));
        Assert.Equal(0.006m, CostCalculator.Compute(facts, prices, from));
    }

    [Fact]
    public void A_custom_price_applies_to_its_own_provider_only_and_can_price_an_unlisted_model()
    {
        var prices = Catalog.WithCustomPrices(
        [
            new CustomPrice("Azure", "gpt-4o", new TokenRates(5.00m, 15.00m)),
            new CustomPrice("ollama", "llama3.1:8b", new TokenRates(0.05m, 0.05m)),
        ]);

        var viaOpenAi = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500 };
        var viaAzure = viaOpenAi with { Provider = "azure.ai.openai" };
        var selfHosted = new LlmFacts { Provider = "ollama", RequestModel = "llama3.1:8b", InputTokens = 1000, OutputTokens = 500 };

        Assert.Equal(0.0075m, CostCalculator.Compute(viaOpenAi, prices, Now)); // built in
        Assert.Equal(0.0125m, CostCalculator.Compute(viaAzure, prices, Now)); // 1000 × $5 + 500 × $15
        Assert.Equal(0.000075m, CostCalculator.Compute(selfHosted, prices, Now)); // 1500 × $0.05
    }

    [Fact]
    public void A_custom_price_can_have_tiers()
    {
        var tiered = new CustomPrice("acme", "acme-large", new TokenRates(1m, 2m))
        {
            Tiers = [new PriceTier(100_000, new TokenRates(2m, 4m))],
        };
        var prices = Catalog.WithCustomPrices([tiered]);
        var facts = new LlmFacts { Provider = "acme", RequestModel = "acme-large", InputTokens = 100_001, OutputTokens = 10 };

        // 100001 × $2 + 10 × $4, per million
        Assert.Equal(0.200042m, CostCalculator.Compute(facts, prices, Now));
    }

    [Fact]
    public void A_client_supplied_cost_is_kept_and_flagged_and_the_computed_cost_stays_available()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500, SuppliedCostUsd = 0.0061m };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);
        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Equal((0.0061m, 0.0061m, 0.0075m, CostSource.Supplied), (cost.CostUsd, cost.SuppliedUsd, cost.ComputedUsd, cost.Source));
        Assert.Equal(facts with { CostUsd = 0.0061m, ComputedCostUsd = 0.0075m, PriceEntry = "openai/gpt-4o", PriceCatalogVersion = Catalog.Version }, priced);
        Assert.True(priced.IsCostSupplied);
        Assert.Equal("supplied", priced.CostSource);
    }

    [Fact]
    public void A_supplied_cost_is_kept_even_when_the_model_is_unpriced()
    {
        var facts = new LlmFacts { RequestModel = "acme-secret-model", InputTokens = 1000, OutputTokens = 500, SuppliedCostUsd = 0.02m };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        Assert.Equal((0.02m, (decimal?)null, CostSource.Supplied), (cost.CostUsd, cost.ComputedUsd, cost.Source));
        Assert.Equal(0.02m, CostCalculator.Apply(facts, Catalog, Now).CostUsd);
    }

    [Fact]
    public void Without_a_supplied_cost_the_catalog_cost_is_applied()
    {
        var facts = new LlmFacts { RequestModel = "gpt-4o", InputTokens = 1000, OutputTokens = 500 };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Equal(facts with { CostUsd = 0.0075m, ComputedCostUsd = 0.0075m, PriceEntry = "openai/gpt-4o", PriceCatalogVersion = Catalog.Version }, priced);
        Assert.False(priced.IsCostSupplied);
        Assert.Equal("computed", priced.CostSource);
    }

    [Fact]
    public void A_custom_price_with_bad_values_is_rejected_with_reasons()
    {
        var bad = new CustomPrice(" ", "gpt-4o", new TokenRates(-1m, 8m))
        {
            Tiers = [new PriceTier(0, new TokenRates(1m, 1m)), new PriceTier(0, new TokenRates(1m, 1m))],
        };

        Assert.Equal(
            ["provider is required", "rates must not be negative", "tier thresholds (aboveInputTokens) must be positive", "tier thresholds must be distinct"],
            bad.Validate());
        Assert.Empty(new CustomPrice("openai", "gpt-4o", new TokenRates(2m, 8m)).Validate());
    }

    [Fact]
    public void A_custom_price_round_trips_through_json()
    {
        var price = new CustomPrice("openai", "gpt-4o", new TokenRates(2.5m, 10m, CacheReadPerMillion: 1.25m), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
            Tiers = [new PriceTier(200_000, new TokenRates(5m, 15m))],
        };

        var json = System.Text.Json.JsonSerializer.Serialize(price, System.Text.Json.JsonSerializerOptions.Web);
        var back = System.Text.Json.JsonSerializer.Deserialize<CustomPrice>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Contains("\"inputPerMillion\":2.5", json);
        Assert.Equal((price.Provider, price.Model, price.Rates, price.EffectiveFrom), (back.Provider, back.Model, back.Rates, back.EffectiveFrom));
        Assert.Equal(price.Tiers, back.Tiers);
    }
}
