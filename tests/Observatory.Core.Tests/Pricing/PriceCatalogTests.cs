using Observatory.Core.Pricing;

namespace Observatory.Core.Tests.Pricing;

public class PriceCatalogTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;

    [Theory]
    [InlineData("gpt-4o", 2.50, 10.00)]
    [InlineData("gpt-4o-mini", 0.15, 0.60)]
    [InlineData("gpt-4.1", 2.00, 8.00)]
    [InlineData("gpt-4.1-mini", 0.40, 1.60)]
    [InlineData("gpt-4.1-nano", 0.10, 0.40)]
    [InlineData("gpt-4-turbo", 10.00, 30.00)]
    [InlineData("gpt-3.5-turbo", 0.50, 1.50)]
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
    [InlineData("text-embedding-004", 0, 0)]
    [InlineData("mistral-large", 2.00, 6.00)]
    [InlineData("mistral-medium", 0.40, 2.00)]
    [InlineData("mistral-small", 0.10, 0.30)]
    [InlineData("codestral", 0.30, 0.90)]
    [InlineData("open-mistral-nemo", 0.15, 0.15)]
    [InlineData("mistral-embed", 0.10, 0)]
    public void The_built_in_catalog_lists_current_models_per_million_tokens(string model, double input, double output)
    {
        Assert.True(Catalog.TryFind(null, model, out var price));
        Assert.Equal(((decimal)input, (decimal)output), (price.InputPerMillion, price.OutputPerMillion));
    }

    [Fact]
    public void Every_built_in_price_records_its_source_and_date()
    {
        Assert.NotEmpty(Catalog.Prices);
        Assert.All(Catalog.Prices, price =>
        {
            Assert.StartsWith("https://", price.Source);
            Assert.True(price.AsOf >= new DateOnly(2025, 1, 1), $"{price.Model} is priced as of {price.AsOf}");
            Assert.Equal(price.Provider, price.Provider.ToLowerInvariant());
        });
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
    [InlineData("o1-2024-12-17", "o1")]
    [InlineData("o1-preview", "o1")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")]
    [InlineData("o4-mini-2025-04-16", "o4-mini")]
    [InlineData("claude-3-5-sonnet-20240620", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1", "claude-opus-4-1")]
    [InlineData("claude-sonnet-4.5", "claude-sonnet-4-5")]
    [InlineData("gemini-1.5-pro-002", "gemini-1.5-pro")]
    [InlineData("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash")]
    [InlineData("gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite")]
    [InlineData("mistral-large-2411", "mistral-large")]
    [InlineData("mistral-large-latest", "mistral-large")]
    [InlineData("codestral-2501", "codestral")]
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

        Assert.Equal(("gpt-4o-2024-05-13", 5.00m, 15.00m), (price.Model, price.InputPerMillion, price.OutputPerMillion));
    }

    [Theory]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("models/gemini-1.5-pro", "gemini-1.5-pro")]
    [InlineData("anthropic/claude-3.5-sonnet", "claude-3-5-sonnet")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet")]
    [InlineData("mistral.mistral-large-2407-v1:0", "mistral-large")]
    public void Router_and_cloud_prefixes_are_stripped(string model, string family)
    {
        Assert.True(Catalog.TryFind(null, model, out var price));
        Assert.Equal(family, price.Model);
    }

    [Theory]
    [InlineData("claude-opus-4-6")]
    [InlineData("gpt-4o-mini-2")]
    [InlineData("gpt-4.5-preview")]
    [InlineData("llama-3.1-70b-instruct")]
    [InlineData("my-azure-deployment")]
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
    public void A_mismatched_provider_does_not_prevent_the_model_match(string provider)
    {
        Assert.True(Catalog.TryFind(provider, "gpt-4o-2024-08-06", out var price));
        Assert.Equal("gpt-4o", price.Model);
    }

    [Fact]
    public void The_provider_chooses_between_entries_for_the_same_model()
    {
        var catalog = PriceCatalog.Parse("""
            {"models": [
              {"provider": "openai", "model": "gpt-4o", "input": 2.50, "output": 10.00, "source": "https://openai.com", "asOf": "2025-06-01"},
              {"provider": "azure.ai.openai", "model": "gpt-4o", "input": 2.75, "output": 11.00, "cacheRead": 1.375,
               "source": "https://azure.microsoft.com", "asOf": "2025-06-01", "aliases": ["gpt-4o-global"]}
            ]}
            """);

        Assert.True(catalog.TryFind("Azure", "gpt-4o-2024-08-06", out var azure));
        Assert.True(catalog.TryFind("openai", "gpt-4o", out var openAi));
        Assert.True(catalog.TryFind(null, "gpt-4o-global", out var alias));

        Assert.Equal((2.75m, 11.00m, 1.375m, new DateOnly(2025, 6, 1)), (azure.InputPerMillion, azure.OutputPerMillion, azure.CacheReadPerMillion, azure.AsOf));
        Assert.Equal(2.50m, openAi.InputPerMillion);
        Assert.Null(openAi.CacheReadPerMillion);
        Assert.Equal("azure.ai.openai", alias.Provider);
    }
}
