using System.Text.RegularExpressions;
using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

public class PriceCatalogTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;

    [Theory]
    [InlineData("gpt-5", 1.25, 10.00)]
    [InlineData("gpt-5-mini", 0.25, 2.00)]
    [InlineData("gpt-5-nano", 0.05, 0.40)]
    [InlineData("gpt-4o", 2.50, 10.00)]
    [InlineData("gpt-4o-mini", 0.15, 0.60)]
    [InlineData("gpt-4.1", 2.00, 8.00)]
    [InlineData("gpt-4.1-mini", 0.40, 1.60)]
    [InlineData("gpt-4.1-nano", 0.10, 0.40)]
    [InlineData("gpt-4-turbo", 10.00, 30.00)]
    [InlineData("gpt-3.5-turbo", 0.50, 1.50)]
    [InlineData("gpt-35-turbo", 0.50, 1.50)]
    [InlineData("o1", 15.00, 60.00)]
    [InlineData("o1-mini", 1.10, 4.40)]
    [InlineData("o3", 2.00, 8.00)]
    [InlineData("o3-mini", 1.10, 4.40)]
    [InlineData("o4-mini", 1.10, 4.40)]
    [InlineData("text-embedding-3-small", 0.02, 0)]
    [InlineData("text-embedding-3-large", 0.13, 0)]
    [InlineData("text-embedding-ada-002", 0.10, 0)]
    [InlineData("claude-3-haiku-20240307", 0.25, 1.25)]
    [InlineData("claude-3-sonnet-20240229", 3.00, 15.00)]
    [InlineData("claude-3-opus-20240229", 15.00, 75.00)]
    [InlineData("claude-3-5-haiku-20241022", 0.80, 4.00)]
    [InlineData("claude-3-5-sonnet-20241022", 3.00, 15.00)]
    [InlineData("claude-3-7-sonnet-20250219", 3.00, 15.00)]
    [InlineData("claude-sonnet-4-20250514", 3.00, 15.00)]
    [InlineData("claude-opus-4-20250514", 15.00, 75.00)]
    [InlineData("claude-opus-4-1-20250805", 15.00, 75.00)]
    [InlineData("claude-sonnet-4-5", 3.00, 15.00)]
    [InlineData("claude-haiku-4-5", 1.00, 5.00)]
    [InlineData("claude-opus-4-5", 5.00, 25.00)]
    [InlineData("gemini-1.5-pro", 1.25, 5.00)]
    [InlineData("gemini-1.5-flash", 0.075, 0.30)]
    [InlineData("gemini-2.0-flash", 0.10, 0.40)]
    [InlineData("gemini-2.0-flash-lite", 0.075, 0.30)]
    [InlineData("gemini-2.5-pro", 1.25, 10.00)]
    [InlineData("gemini-2.5-flash", 0.30, 2.50)]
    [InlineData("gemini-2.5-flash-lite", 0.10, 0.40)]
    [InlineData("gemini-embedding-001", 0.15, 0)]
    [InlineData("text-embedding-004", 0, 0)]
    [InlineData("mistral-large", 2.00, 6.00)]
    [InlineData("mistral-medium", 0.40, 2.00)]
    [InlineData("mistral-small", 0.10, 0.30)]
    [InlineData("codestral", 0.30, 0.90)]
    [InlineData("open-mistral-nemo", 0.15, 0.15)]
    [InlineData("mistral-embed", 0.10, 0)]
    [InlineData("command-a-03-2025", 2.50, 10.00)]
    [InlineData("command-r-plus-08-2024", 2.50, 10.00)]
    [InlineData("command-r-08-2024", 0.15, 0.60)]
    [InlineData("embed-v4.0", 0.12, 0)]
    [InlineData("deepseek-chat", 0.28, 0.42)]
    [InlineData("deepseek-reasoner", 0.28, 0.42)]
    [InlineData("grok-2-1212", 2.00, 10.00)]
    [InlineData("grok-3", 3.00, 15.00)]
    [InlineData("grok-3-mini", 0.30, 0.50)]
    [InlineData("grok-4-0709", 3.00, 15.00)]
    public void The_built_in_catalog_lists_current_models_per_million_tokens(string model, double input, double output)
    {
        Assert.True(Catalog.TryFind(null, model, out var price));
        Assert.Equal(((decimal)input, (decimal)output), (price.Rates.InputPerMillion, price.Rates.OutputPerMillion));
    }

    [Fact]
    public void The_built_in_list_is_versioned()
    {
        Assert.False(string.IsNullOrWhiteSpace(Catalog.Version));
        Assert.NotNull(Catalog.Updated);
    }

    [Fact]
    public void Every_built_in_price_records_its_source_and_date()
    {
        Assert.NotEmpty(Catalog.Prices);
        Assert.All(Catalog.Prices, price =>
        {
            Assert.StartsWith("https://", price.Source);
            Assert.True(price.AsOf >= new DateOnly(2025, 1, 1), $"{price.Model} is priced as of {price.AsOf}");
            Assert.True(price.AsOf <= Catalog.Updated, $"{price.Model} is priced as of {price.AsOf}, after the list's update");
            Assert.Equal(price.Provider, price.Provider.ToLowerInvariant());
            Assert.Equal(price.Model, price.Model.ToLowerInvariant());
        });
    }

    [Fact]
    public void No_two_built_in_prices_share_provider_model_and_effective_date()
    {
        var duplicates = Catalog.Prices
            .GroupBy(p => (p.Provider, p.Model, p.EffectiveFrom))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void No_id_names_two_different_models_of_one_provider()
    {
        var clashes = Catalog.Prices
            .SelectMany(p => p.Aliases.Prepend(p.Model).Select(id => (p.Provider, Id: id.ToLowerInvariant(), p.Model)))
            .Distinct()
            .GroupBy(x => (x.Provider, x.Id))
            .Where(g => g.Select(x => x.Model).Distinct().Count() > 1)
            .Select(g => g.Key);

        Assert.Empty(clashes);
    }

    [Fact]
    public void Every_built_in_pattern_compiles()
    {
        var patterns = Catalog.Prices.SelectMany(p => p.Patterns).ToArray();

        Assert.NotEmpty(patterns);
        Assert.All(patterns, pattern => Assert.IsType<Regex>(PriceCatalog.CompilePattern(pattern)));
    }

    [Fact]
    public void Every_built_in_rate_and_tier_is_sound()
    {
        Assert.All(Catalog.Prices, price =>
        {
            Assert.All(price.Rates.All, rate => Assert.True(rate >= 0, $"{price.Model} has a negative rate"));
            Assert.All(price.Tiers, tier =>
            {
                Assert.True(tier.AboveInputTokens > 0, $"{price.Model} has a tier without a threshold");
                Assert.All(tier.Rates.All, rate => Assert.True(rate >= 0, $"{price.Model} has a negative tier rate"));
                Assert.True(tier.Rates.InputPerMillion >= price.Rates.InputPerMillion, $"{price.Model}: a long prompt is not cheaper");
            });
            Assert.Equal(price.Tiers.Select(t => t.AboveInputTokens).Distinct().Count(), price.Tiers.Count);
        });
    }

    [Fact]
    public void Every_built_in_model_is_priced_back_to_its_first_call()
    {
        // The first version of each model has no effective date, so an old or clock-skewed span is still priced.
        var firsts = Catalog.Prices.GroupBy(p => (p.Provider, p.Model)).Select(g => g.MinBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue)!);

        Assert.All(firsts, first => Assert.Null(first.EffectiveFrom));
    }

    [Fact]
    public void Every_built_in_entry_is_found_by_its_own_ids()
    {
        var latest = Catalog.Prices.GroupBy(p => (p.Provider, p.Model)).Select(g => g.MaxBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue)!);

        Assert.All(latest, price => Assert.All(price.Aliases.Prepend(price.Model), id =>
        {
            Assert.True(Catalog.TryFind(price.Provider, id, out var found), $"{id} is not found");
            Assert.Same(price, found);
        }));
    }

    [Fact]
    public void The_catalog_covers_every_provider_the_issue_names()
    {
        var providers = Catalog.Prices.Select(p => p.Provider).ToHashSet();

        Assert.Superset(new HashSet<string> { "openai", "anthropic", "google", "mistral", "cohere", "deepseek", "xai", "aws.bedrock" }, providers);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-2024-11-20", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4o-mini-search-preview", "gpt-4o-mini")]
    [InlineData("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini")]
    [InlineData("gpt-4-turbo-2024-04-09", "gpt-4-turbo")]
    [InlineData("gpt-4-0613", "gpt-4")]
    [InlineData("gpt-3.5-turbo-0125", "gpt-3.5-turbo")]
    [InlineData("gpt-35-turbo-0125", "gpt-3.5-turbo")]
    [InlineData("gpt-5-2025-08-07", "gpt-5")]
    [InlineData("gpt-5-codex", "gpt-5")]
    [InlineData("gpt-5-mini-2025-08-07", "gpt-5-mini")]
    [InlineData("o1-2024-12-17", "o1")]
    [InlineData("o1-preview", "o1")]
    [InlineData("o3-2025-04-16", "o3")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")]
    [InlineData("o4-mini-2025-04-16", "o4-mini")]
    [InlineData("claude-3-5-sonnet-20240620", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1", "claude-opus-4-1")]
    [InlineData("claude-sonnet-4.5", "claude-sonnet-4-5")]
    [InlineData("gemini-1.5-pro-002", "gemini-1.5-pro")]
    [InlineData("gemini-2.5-pro-preview-05-06", "gemini-2.5-pro")]
    [InlineData("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash-preview-04-17")]
    [InlineData("gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash")]
    [InlineData("gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite")]
    [InlineData("mistral-large-2411", "mistral-large")]
    [InlineData("mistral-large-latest", "mistral-large")]
    [InlineData("codestral-2501", "codestral")]
    [InlineData("ministral-8b-2410", "ministral-8b")]
    [InlineData("grok-3-mini-beta", "grok-3-mini")]
    [InlineData("grok-4-fast-reasoning", "grok-4-fast")]
    [InlineData("GPT-4o", "gpt-4o")]
    public void Dated_snapshots_and_variants_are_priced_as_their_family(string model, string family)
    {
        Assert.True(Catalog.TryFind(null, model, out var price));
        Assert.Equal(family, price.Model);
    }

    [Fact]
    public void A_listed_snapshot_keeps_its_own_price_rather_than_its_family()
    {
        Assert.True(Catalog.TryFind("openai", "gpt-4o-2024-05-13", out var price));

        Assert.Equal(("gpt-4o-2024-05-13", 5.00m, 15.00m), (price.Model, price.Rates.InputPerMillion, price.Rates.OutputPerMillion));
    }

    [Theory]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("models/gemini-1.5-pro", "gemini-1.5-pro")]
    [InlineData("publishers/google/models/gemini-2.5-flash", "gemini-2.5-flash")]
    [InlineData("anthropic/claude-3.5-sonnet", "claude-3-5-sonnet")]
    [InlineData("x-ai/grok-4", "grok-4")]
    [InlineData("deepseek/deepseek-chat", "deepseek-chat")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet")]
    [InlineData("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5")]
    [InlineData("mistral.mistral-large-2407-v1:0", "mistral-large")]
    [InlineData("amazon.nova-pro-v1:0", "nova-pro")]
    [InlineData("us.amazon.nova-lite-v1:0", "nova-lite")]
    [InlineData("amazon.titan-embed-text-v2:0", "titan-embed-text-v2")]
    [InlineData("meta.llama3-1-70b-instruct-v1:0", "llama3-1-70b-instruct")]
    [InlineData("us.meta.llama3-3-70b-instruct-v1:0", "llama3-3-70b-instruct")]
    [InlineData("cohere.command-r-plus-v1:0", "command-r-plus")]
    [InlineData("us.deepseek.r1-v1:0", "deepseek.r1")]
    public void Router_and_cloud_prefixes_are_stripped(string model, string family)
    {
        Assert.True(Catalog.TryFind(null, model, out var price));
        Assert.Equal(family, price.Model);
    }

    [Theory]
    [InlineData("claude-opus-4-6")]
    [InlineData("gpt-4o-mini-2")]
    [InlineData("grok-4-1-fast")]
    [InlineData("llama-3.1-70b-instruct")]
    [InlineData("my-azure-deployment")]
    [InlineData("r1")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_models_and_newer_versions_of_a_family_are_not_priced(string? model)
    {
        Assert.False(Catalog.TryFind("openai", model, out _));
    }

    [Theory]
    [InlineData("azure.ai.openai")]
    [InlineData("Azure")]
    [InlineData("anthropic")]
    [InlineData("some-gateway")]
    public void A_mismatched_provider_does_not_prevent_a_built_in_match(string provider)
    {
        Assert.True(Catalog.TryFind(provider, "gpt-4o-2024-08-06", out var price));
        Assert.Equal("gpt-4o", price.Model);
    }

    [Fact]
    public void The_price_in_force_at_the_call_time_is_found()
    {
        Assert.True(Catalog.TryFind("openai", "o3-2025-04-16", new DateTimeOffset(2025, 6, 9, 23, 59, 59, TimeSpan.Zero), out var before));
        Assert.True(Catalog.TryFind("openai", "o3-2025-04-16", new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), out var after));

        Assert.Equal((10.00m, 40.00m, 2.50m), (before.Rates.InputPerMillion, before.Rates.OutputPerMillion, before.Rates.CacheReadPerMillion));
        Assert.Equal((2.00m, 8.00m, 0.50m), (after.Rates.InputPerMillion, after.Rates.OutputPerMillion, after.Rates.CacheReadPerMillion));
    }

    [Fact]
    public void A_price_list_reads_versions_tiers_aliases_patterns_and_the_provider_chooses_between_entries()
    {
        var catalog = PriceCatalog.Parse("""
            {"version": "test-1", "updated": "2025-07-01", "models": [
              {"provider": "openai", "model": "gpt-4o", "input": 2.50, "output": 10.00, "source": "https://openai.com", "asOf": "2025-06-01"},
              {"provider": "azure.ai.openai", "model": "gpt-4o", "input": 2.75, "output": 11.00, "cacheRead": 1.375,
               "source": "https://azure.microsoft.com", "asOf": "2025-06-01", "aliases": ["gpt-4o-global"]},
              {"provider": "acme", "model": "acme-large", "input": 1, "output": 2, "reasoning": 4, "cacheWrite": 1.25, "cacheWrite1h": 2,
               "tiers": [{"aboveInputTokens": 100000, "input": 2, "output": 3}], "patterns": ["acme-l(arge)?-\\d+"],
               "source": "https://acme.example", "asOf": "2025-06-01"},
              {"provider": "acme", "model": "acme-large", "input": 0.5, "output": 1, "effectiveFrom": "2025-07-01T12:00:00+02:00",
               "source": "https://acme.example", "asOf": "2025-07-01"}
            ]}
            """);

        Assert.Equal(("test-1", new DateOnly(2025, 7, 1)), (catalog.Version, catalog.Updated));

        Assert.True(catalog.TryFind("Azure", "gpt-4o-2024-08-06", out var azure));
        Assert.True(catalog.TryFind("openai", "gpt-4o", out var openAi));
        Assert.True(catalog.TryFind(null, "gpt-4o-global", out var alias));
        Assert.Equal(new TokenRates(2.75m, 11.00m, CacheReadPerMillion: 1.375m), azure.Rates);
        Assert.Equal(new TokenRates(2.50m, 10.00m), openAi.Rates);
        Assert.Equal("azure.ai.openai", alias.Provider);

        var june = new DateTimeOffset(2025, 6, 15, 0, 0, 0, TimeSpan.Zero);
        Assert.True(catalog.TryFind(null, "acme-l-7", june, out var byPattern));
        Assert.Equal(new TokenRates(1m, 2m, CacheWritePerMillion: 1.25m, CacheWrite1hPerMillion: 2m, ReasoningPerMillion: 4m), byPattern.Rates);
        Assert.Equal(100_000, Assert.Single(byPattern.Tiers).AboveInputTokens);

        Assert.True(catalog.TryFind(null, "acme-large", new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero), out var laterVersion));
        Assert.Equal(0.5m, laterVersion.Rates.InputPerMillion);
    }

    [Fact]
    public void A_tier_applies_above_its_threshold_and_inherits_the_rates_it_does_not_state()
    {
        Assert.True(Catalog.TryFind("xai", "grok-4", out var grok));

        var (atThreshold, noTier) = grok.RatesFor(128_000);
        var (above, tier) = grok.RatesFor(128_001);

        Assert.Null(noTier);
        Assert.Equal(new TokenRates(3m, 15m, CacheReadPerMillion: 0.75m), atThreshold);
        Assert.Equal(128_000, tier!.AboveInputTokens);
        Assert.Equal(new TokenRates(6m, 30m, CacheReadPerMillion: 0.75m), above);
    }
}
