using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// Prices one LLM call from its token counts, exactly (decimal arithmetic).
/// </summary>
/// <remarks>
/// Unknown stays unknown, never zero: the cost is null when the model is unpriced or the input tokens are unknown,
/// and null when the output tokens are unknown, except for calls that produce no output tokens by nature
/// (the embeddings operation, or a model whose output price is zero). A half-known cost would look like a cheap call.
/// Cached input tokens are priced at the cache rates, never twice: input tokens include cache reads and writes
/// (OTel, OpenInference, OpenLLMetry), unless the cached tokens outnumber them, in which case the instrumentation
/// passed Anthropic's raw count, which excludes them. Without a cache rate, cached tokens cost the input price.
/// </remarks>
public static class CostCalculator
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>The catalog cost of the call, or null when it cannot be known (see remarks).</summary>
    public static decimal? Compute(LlmFacts facts, PriceCatalog catalog)
    {
        if (facts.InputTokens is not { } input || !TryFindPrice(facts, catalog, out var price))
        {
            return null;
        }

        var producesNoOutput = facts.Operation == "embeddings" || price.OutputPerMillion == 0;
        if ((facts.OutputTokens ?? (producesNoOutput ? 0 : null)) is not { } output)
        {
            return null;
        }

        decimal cacheRead = facts.CacheReadInputTokens ?? 0;
        decimal cacheWrite = facts.CacheCreationInputTokens ?? 0;
        decimal allInput = cacheRead + cacheWrite <= input ? input : input + cacheRead + cacheWrite;
        var uncachedInput = allInput - cacheRead - cacheWrite;

        var perMillion = uncachedInput * price.InputPerMillion
            + cacheRead * (price.CacheReadPerMillion ?? price.InputPerMillion)
            + cacheWrite * (price.CacheWritePerMillion ?? price.InputPerMillion)
            + output * price.OutputPerMillion;
        return perMillion / TokensPerPriceUnit;
    }

    /// <summary>
    /// The facts with <see cref="LlmFacts.CostUsd"/> set: the client-supplied cost when there is one (it knows its
    /// negotiated prices, we only know list prices), else the catalog cost.
    /// </summary>
    public static LlmFacts Apply(LlmFacts facts, PriceCatalog catalog) =>
        facts with { CostUsd = facts.SuppliedCostUsd ?? Compute(facts, catalog) };

    // The response model is the dated snapshot actually served; the request model is the fallback when it is unpriced.
    private static bool TryFindPrice(LlmFacts facts, PriceCatalog catalog, out ModelPrice price) =>
        catalog.TryFind(facts.Provider, facts.ResponseModel, out price) || catalog.TryFind(facts.Provider, facts.RequestModel, out price);
}
