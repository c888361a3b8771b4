using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// Prices one LLM call from its token counts, exactly (decimal arithmetic, no rounding), at the price in force when
/// the call was made.
/// </summary>
/// <remarks>
/// Unknown stays unknown, never zero: the cost is null when the model is unpriced or the input tokens are unknown,
/// and null when the output tokens are unknown, except for calls that produce no output tokens by nature
/// (the embeddings operation, or a model whose output price is zero). A half-known cost would look like a cheap call.
/// Each token is priced once, at its own rate:
/// <list type="bullet">
/// <item>Input tokens include cache reads and writes (OTel, OpenInference, OpenLLMetry): uncached = input − cache read −
/// cache write, each at its rate. If the cached tokens outnumber the input, the instrumentation passed Anthropic's raw
/// count, which excludes them, and they are added instead.</item>
/// <item>A cache read or write costs the input rate only when the price lists no cache rate for it (OpenAI bills cache
/// writes as plain input; a catalog entry without a cache-read rate is taken at face value, not guessed).</item>
/// <item>Output tokens include reasoning tokens: output − reasoning at the output rate plus reasoning at the reasoning
/// rate (the output rate when none is set). If the reasoning tokens outnumber the output, the count excluded them.</item>
/// <item>Audio and image tokens are parts of the input and output: uncached audio (and image) input at the price's
/// audio (image) input rate, audio output at its audio output rate, each at the plain input or output rate when the
/// price lists none (<see cref="ModalityPricing"/>).</item>
/// <item>A long-prompt tier is chosen by the whole prompt (input tokens, cached ones included) and prices the whole
/// request, output too, as Google and Anthropic bill it; a prompt of exactly the threshold stays on the base rates.</item>
/// </list>
/// A negative token count is a broken instrumentation, so its cost is unknown too.
/// </remarks>
public static class CostCalculator
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>
    /// Costs are stored as numeric(24,12): a supplied cost (a client's double) is rounded to that scale on the way in,
    /// so live totals and totals read back from PostgreSQL are the same number.
    /// </summary>
    public const int StoredDecimals = 12;

    /// <summary>The computed and supplied cost of a call made at <paramref name="at"/>, with the parts per token kind.</summary>
    public static CostBreakdown Calculate(LlmFacts facts, IPriceLookup prices, DateTimeOffset at)
    {
        var supplied = new CostBreakdown { SuppliedUsd = facts.SuppliedCostUsd };
        if (!TryFindPrice(facts, prices, at, out var price))
        {
            return supplied with { UnknownReason = CostUnknownReason.ForMissingPrice(facts.Provider, facts.Model) };
        }

        var priced = supplied with { Price = price };
        var producesNoOutput = facts.Operation == "embeddings" || price.Rates.OutputPerMillion == 0;
        if (CostUnknownReason.ForUsage(facts, producesNoOutput) is { } usageReason)
        {
            return priced with { UnknownReason = usageReason };
        }

        var input = facts.InputTokens!.Value;
        var output = facts.OutputTokens ?? 0;
        var cacheRead = facts.CacheReadInputTokens ?? 0;
        var cacheWrite = facts.CacheCreationInputTokens ?? 0;
        var reasoning = facts.ReasoningOutputTokens ?? 0;
        var prompt = cacheRead + cacheWrite <= input ? input : input + cacheRead + cacheWrite;
        var allOutput = reasoning <= output ? output : output + reasoning;
        var (rates, tier) = price.RatesFor(prompt);
        var outOfRange = priced with { UnknownReason = CostUnknownReason.CostOutOfRange };

        var modalities = ModalityPricing.For(facts, rates, prompt - cacheRead - cacheWrite, allOutput - reasoning);

        try
        {
            var parts = priced with
            {
                Tier = tier,
                InputUsd = Usd(modalities.TextInput, rates.InputPerMillion),
                CacheReadUsd = Usd(cacheRead, rates.CacheReadPerMillion ?? rates.InputPerMillion),
                CacheWriteUsd = Usd(cacheWrite, rates.CacheWritePerMillion ?? rates.InputPerMillion),
                OutputUsd = Usd(modalities.TextOutput, rates.OutputPerMillion),
                ReasoningUsd = Usd(reasoning, rates.ReasoningPerMillion ?? rates.OutputPerMillion),
                AudioInputUsd = Usd(modalities.AudioInput, rates.AudioInputPerMillion ?? rates.InputPerMillion),
                ImageInputUsd = Usd(modalities.ImageInput, rates.ImageInputPerMillion ?? rates.InputPerMillion),
                AudioOutputUsd = Usd(modalities.AudioOutput, rates.AudioOutputPerMillion ?? rates.OutputPerMillion),
                Modalities = modalities.Rule,
            };
            var computed = parts.InputUsd + parts.CacheReadUsd + parts.CacheWriteUsd + parts.OutputUsd + parts.ReasoningUsd
                + parts.AudioInputUsd + parts.ImageInputUsd + parts.AudioOutputUsd;
            // Token counts are bounded, but a project's own rates are not: a cost no call can have is unknown, not stored.
            return computed <= FactLimits.MaxCostUsd ? parts with { ComputedUsd = computed } : outOfRange;
        }
        catch (OverflowException)
        {
            return outOfRange;
        }
    }

    /// <summary>The cost breakdown of a call made now.</summary>
    public static CostBreakdown Calculate(LlmFacts facts, IPriceLookup prices) => Calculate(facts, prices, DateTimeOffset.UtcNow);

    /// <summary>The catalog cost of a call made at <paramref name="at"/>, or null when it cannot be known (see remarks).</summary>
    public static decimal? Compute(LlmFacts facts, IPriceLookup prices, DateTimeOffset at) => Calculate(facts, prices, at).ComputedUsd;

    /// <summary>The catalog cost of a call made now, or null when it cannot be known (see remarks).</summary>
    public static decimal? Compute(LlmFacts facts, IPriceLookup prices) => Compute(facts, prices, DateTimeOffset.UtcNow);

    /// <summary>
    /// The facts with <see cref="LlmFacts.CostUsd"/> set: the client-supplied cost when there is one (it knows its
    /// negotiated prices, we only know list prices), else the catalog cost at <paramref name="at"/> (the call's start).
    /// </summary>
    public static LlmFacts Apply(LlmFacts facts, IPriceLookup prices, DateTimeOffset at)
    {
        var supplied = facts.SuppliedCostUsd is { } value ? Math.Round(value, StoredDecimals) : (decimal?)null;
        var breakdown = Calculate(facts, prices, at);
        var computed = breakdown.ComputedUsd;
        var cost = supplied ?? computed;
        return facts with
        {
            SuppliedCostUsd = supplied,
            ComputedCostUsd = computed,
            CostUsd = cost,
            PriceEntry = breakdown.Price?.EntryId,
            PriceCatalogVersion = breakdown.Price?.CatalogVersion,
            PriceTierAboveInputTokens = breakdown.Tier?.AboveInputTokens,
            PriceModalities = breakdown.Modalities,
            // Only model calls are expected to have a cost: an agent or tool span without one is not a gap in coverage.
            CostUnknownReason = cost is null && facts.IsModelCall ? breakdown.UnknownReason : null,
        };
    }

    /// <summary>As <see cref="Apply(LlmFacts, IPriceLookup, DateTimeOffset)"/> for a call made now.</summary>
    public static LlmFacts Apply(LlmFacts facts, IPriceLookup prices) => Apply(facts, prices, DateTimeOffset.UtcNow);

    private static decimal Usd(long tokens, decimal perMillion) => tokens * perMillion / TokensPerPriceUnit;

    // The response model is the dated snapshot actually served; the request model is the fallback when it is unpriced.
    private static bool TryFindPrice(LlmFacts facts, IPriceLookup prices, DateTimeOffset at, out ModelPrice price) =>
        prices.TryFind(facts.Provider, facts.ResponseModel, at, out price) || prices.TryFind(facts.Provider, facts.RequestModel, at, out price);
}
