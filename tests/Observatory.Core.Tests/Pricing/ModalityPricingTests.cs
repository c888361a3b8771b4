using Observatory.Core.Llm;
using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

// Expected costs are exact decimals worked by hand: tokens × USD per million ÷ 1,000,000, no rounding anywhere.
public class ModalityPricingTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Audio_tokens_of_an_audio_model_cost_the_audio_rates_and_the_rest_the_text_rates()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o-audio-preview-2024-12-17",
            InputTokens = 1200,
            OutputTokens = 600,
            AudioInputTokens = 1000,
            TextInputTokens = 200,
            AudioOutputTokens = 500,
            TextOutputTokens = 100,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 200 × $2.50 + 1000 × $40 + 100 × $10 + 500 × $80
        Assert.Equal(0.0815m, cost.ComputedUsd);
        Assert.Equal(0.0005m, cost.InputUsd);
        Assert.Equal(0.04m, cost.AudioInputUsd);
        Assert.Equal(0.001m, cost.OutputUsd);
        Assert.Equal(0.04m, cost.AudioOutputUsd);
        Assert.Equal("audio_input=audio_rate,audio_output=audio_rate", cost.Modalities);
        Assert.Equal("openai/gpt-4o-audio-preview", cost.Price!.EntryId);
    }

    [Fact]
    public void The_same_call_without_a_breakdown_is_priced_at_the_text_rates()
    {
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o-audio-preview", InputTokens = 1200, OutputTokens = 600 };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 1200 × $2.50 + 600 × $10
        Assert.Equal(0.009m, cost.ComputedUsd);
        Assert.Null(cost.Modalities);
    }

    [Fact]
    public void The_first_audio_preview_snapshot_keeps_its_launch_audio_price()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o-audio-preview-2024-10-01",
            InputTokens = 1000,
            OutputTokens = 1000,
            AudioInputTokens = 1000,
            AudioOutputTokens = 1000,
        };

        // 1000 × $100 + 1000 × $200
        Assert.Equal(0.3m, CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void A_model_without_modality_rates_prices_audio_at_its_text_rates_and_says_so()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o",
            InputTokens = 1200,
            OutputTokens = 600,
            AudioInputTokens = 1000,
            AudioOutputTokens = 500,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // As without the breakdown: 1200 × $2.50 + 600 × $10
        Assert.Equal(0.009m, cost.ComputedUsd);
        Assert.Equal(0m, cost.AudioInputUsd);
        Assert.Equal(0m, cost.AudioOutputUsd);
        Assert.Equal("audio_input=input_rate,audio_output=output_rate", cost.Modalities);
    }

    [Fact]
    public void Cached_input_keeps_the_cache_rate_and_audio_takes_only_the_uncached_rest()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-realtime",
            InputTokens = 10_000,
            CacheReadInputTokens = 4_000,
            AudioInputTokens = 8_000,
            OutputTokens = 1_000,
            AudioOutputTokens = 800,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // uncached 6000, all audio: 6000 × $32; 4000 cached × $0.40; 800 × $64 audio out + 200 × $16 text out
        Assert.Equal(0.192m, cost.AudioInputUsd);
        Assert.Equal(0m, cost.InputUsd);
        Assert.Equal(0.0016m, cost.CacheReadUsd);
        Assert.Equal(0.0512m, cost.AudioOutputUsd);
        Assert.Equal(0.0032m, cost.OutputUsd);
        Assert.Equal(0.248m, cost.ComputedUsd);
    }

    [Fact]
    public void Image_input_has_its_own_rate_where_the_provider_lists_one()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-realtime-2025-08-28",
            InputTokens = 3_000,
            TextInputTokens = 1_000,
            AudioInputTokens = 1_000,
            ImageInputTokens = 1_000,
            OutputTokens = 100,
            TextOutputTokens = 100,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // 1000 × $4 text + 1000 × $32 audio + 1000 × $5 image + 100 × $16
        Assert.Equal(0.0426m, cost.ComputedUsd);
        Assert.Equal(0.005m, cost.ImageInputUsd);
        Assert.Equal("audio_input=audio_rate,image_input=image_rate", cost.Modalities);
    }

    [Fact]
    public void A_breakdown_larger_than_its_total_never_costs_more_than_the_total_holds()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o-audio-preview",
            InputTokens = 100,
            AudioInputTokens = 500,
            OutputTokens = 10,
            AudioOutputTokens = 40,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // At most the 100 input and 10 output tokens, all at the audio rates: 100 × $40 + 10 × $80
        Assert.Equal(0.0048m, cost.ComputedUsd);
        Assert.Equal(0m, cost.InputUsd);
        Assert.Equal(0m, cost.OutputUsd);
    }

    [Fact]
    public void Gemini_audio_input_costs_its_audio_rate_and_video_the_text_rate()
    {
        var facts = new LlmFacts
        {
            Provider = "gcp.gemini",
            ResponseModel = "gemini-2.5-flash",
            InputTokens = 2_600,
            TextInputTokens = 500,
            AudioInputTokens = 1_500,
            VideoInputTokens = 600,
            OutputTokens = 300,
            TextOutputTokens = 300,
        };

        var cost = CostCalculator.Calculate(facts, Catalog, Now);

        // (500 + 600) × $0.30 + 1500 × $1.00 + 300 × $2.50
        Assert.Equal(0.00258m, cost.ComputedUsd);
        Assert.Equal("audio_input=audio_rate", cost.Modalities);
    }

    [Theory]
    [InlineData("gemini-2.5-flash-lite", "0.00032")] // 1000 × $0.30 + 50 × $0.40
    [InlineData("gemini-2.0-flash", "0.00072")] // 1000 × $0.70 + 50 × $0.40
    [InlineData("gemini-2.0-flash-lite", "0.00009")] // no audio rate: 1000 × $0.075 + 50 × $0.30
    public void Gemini_audio_input_rates(string model, string expected)
    {
        var facts = new LlmFacts { ResponseModel = model, InputTokens = 1_000, AudioInputTokens = 1_000, OutputTokens = 50 };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostCalculator.Compute(facts, Catalog, Now));
    }

    [Theory]
    [InlineData("gpt-4o-mini-tts", 50, 0, 1_000, 1_000, "0.01203")] // 50 × $0.60 + 1000 × $12
    [InlineData("gpt-4o-transcribe", 1_020, 1_000, 200, 0, "0.00805")] // 20 × $2.50 + 1000 × $6 + 200 × $10
    [InlineData("gpt-4o-mini-transcribe", 1_020, 1_000, 200, 0, "0.004025")] // 20 × $1.25 + 1000 × $3 + 200 × $5
    [InlineData("gpt-4o-mini-audio-preview", 1_000, 1_000, 1_000, 1_000, "0.03")] // 1000 × $10 + 1000 × $20
    [InlineData("gpt-4o-realtime-preview-2024-12-17", 1_000, 1_000, 1_000, 1_000, "0.12")] // 1000 × $40 + 1000 × $80
    [InlineData("gpt-4o-realtime-preview-2024-10-01", 1_000, 1_000, 1_000, 1_000, "0.3")] // 1000 × $100 + 1000 × $200
    [InlineData("gpt-4o-mini-realtime-preview", 1_000, 1_000, 1_000, 1_000, "0.03")] // 1000 × $10 + 1000 × $20
    [InlineData("gpt-audio", 1_000, 1_000, 1_000, 1_000, "0.096")] // 1000 × $32 + 1000 × $64
    [InlineData("gpt-audio-mini", 1_000, 1_000, 1_000, 1_000, "0.03")]
    [InlineData("gpt-realtime-mini", 1_000, 1_000, 1_000, 1_000, "0.03")]
    public void OpenAI_audio_models_are_priced_by_modality(string model, long input, long audioIn, long output, long audioOut, string expected)
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = model,
            InputTokens = input,
            AudioInputTokens = audioIn,
            OutputTokens = output,
            AudioOutputTokens = audioOut,
        };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostCalculator.Compute(facts, Catalog, Now));
    }

    [Fact]
    public void A_long_prompt_tier_keeps_the_base_audio_rate_it_does_not_restate()
    {
        var price = new ModelPrice("google", "audio-model", new TokenRates(1, 2, AudioInputPerMillion: 5), "custom", new DateOnly(2025, 1, 1))
        {
            Tiers = [new PriceTier(100, new TokenRates(2, 4))],
        };
        var facts = new LlmFacts { ResponseModel = "audio-model", InputTokens = 200, AudioInputTokens = 100, OutputTokens = 10 };

        // Above 100 input tokens: 100 × $2 text + 100 × $5 audio + 10 × $4
        Assert.Equal(0.00074m, CostCalculator.Compute(facts, new PriceCatalog([price]), Now));
    }

    [Fact]
    public void A_negative_modality_count_makes_the_cost_unknown()
    {
        var facts = new LlmFacts { Provider = "openai", ResponseModel = "gpt-4o-audio-preview", InputTokens = 100, OutputTokens = 10, AudioInputTokens = -1 };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Null(priced.CostUsd);
        Assert.Equal(CostUnknownReason.InvalidUsage, priced.CostUnknownReason);
    }

    [Fact]
    public void Apply_records_the_modality_rule_beside_the_price_entry()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o-audio-preview",
            InputTokens = 1200,
            OutputTokens = 600,
            AudioInputTokens = 1000,
        };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        // 200 × $2.50 + 1000 × $40 + 600 × $10
        Assert.Equal(0.0465m, priced.CostUsd);
        Assert.Equal("openai/gpt-4o-audio-preview", priced.PriceEntry);
        Assert.Equal("2026.12.03", priced.PriceCatalogVersion);
        Assert.Equal("audio_input=audio_rate", priced.PriceModalities);
    }

    [Fact]
    public void A_supplied_cost_still_wins_and_the_computed_one_uses_the_modality_rates()
    {
        var facts = new LlmFacts
        {
            Provider = "openai",
            ResponseModel = "gpt-4o-audio-preview",
            InputTokens = 1000,
            OutputTokens = 0,
            AudioInputTokens = 1000,
            SuppliedCostUsd = 0.01m,
        };

        var priced = CostCalculator.Apply(facts, Catalog, Now);

        Assert.Equal(0.01m, priced.CostUsd);
        Assert.Equal(0.04m, priced.ComputedCostUsd);
    }

    [Fact]
    public void The_price_list_reads_modality_rates_and_they_are_optional()
    {
        var catalog = PriceCatalog.Parse(
            """
            {"version":"t","models":[
              {"provider":"openai","model":"a","input":1,"output":2,"audioInput":3,"audioOutput":4,"imageInput":5,"source":"s","asOf":"2025-01-01"},
              {"provider":"openai","model":"b","input":1,"output":2,"source":"s","asOf":"2025-01-01"}]}
            """);

        Assert.Equal(new TokenRates(1, 2, AudioInputPerMillion: 3, AudioOutputPerMillion: 4, ImageInputPerMillion: 5), catalog.Prices[0].Rates);
        Assert.Equal(new TokenRates(1, 2), catalog.Prices[1].Rates);
    }

    [Fact]
    public void A_custom_price_rejects_a_negative_modality_rate()
    {
        var price = new CustomPrice("openai", "m", new TokenRates(1, 2, AudioOutputPerMillion: -1));

        Assert.Contains("rates must not be negative", price.Validate());
    }
}
