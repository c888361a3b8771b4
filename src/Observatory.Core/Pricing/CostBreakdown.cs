namespace Observatory.Core.Pricing;

/// <summary>Where a call's cost came from: the values of <see cref="CostBreakdown.Source"/>, as stored and shown by the API.</summary>
public static class CostSource
{
    /// <summary>Computed from the token counts and our price catalog.</summary>
    public const string Computed = "computed";

    /// <summary>Reported by the client itself (gen_ai.usage.cost, llm.cost.total, …).</summary>
    public const string Supplied = "supplied";
}

/// <summary>
/// A call's cost in USD: the one computed from the catalog (with its parts per token kind), the one the client supplied,
/// and which of them counts. Null means unknown, never zero.
/// </summary>
public sealed record CostBreakdown
{
    /// <summary>No price and no supplied cost.</summary>
    public static readonly CostBreakdown Unknown = new();

    /// <summary>The catalog cost; null when the model is unpriced or the usage is unknown.</summary>
    public decimal? ComputedUsd { get; init; }

    /// <summary>The cost the client reported, kept as sent.</summary>
    public decimal? SuppliedUsd { get; init; }

    /// <summary>The cost that counts: the supplied one when there is one (the client may know negotiated prices), else the computed one.</summary>
    public decimal? CostUsd => SuppliedUsd ?? ComputedUsd;

    /// <summary><see cref="CostSource.Supplied"/>, <see cref="CostSource.Computed"/>, or null when the cost is unknown.</summary>
    public string? Source => SuppliedUsd is not null ? CostSource.Supplied : ComputedUsd is not null ? CostSource.Computed : null;

    /// <summary>The price version that priced the call; set even when the usage was too unknown to compute a cost.</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>The long-prompt tier applied to the whole request; null for the base rates.</summary>
    public PriceTier? Tier { get; init; }

    /// <summary>Why <see cref="ComputedUsd"/> is null, one of <see cref="CostUnknownReason"/>; null when it was computed.</summary>
    public string? UnknownReason { get; init; }

    /// <summary>Uncached input tokens at the input rate.</summary>
    public decimal? InputUsd { get; init; }

    /// <summary>Input tokens read from the prompt cache.</summary>
    public decimal? CacheReadUsd { get; init; }

    /// <summary>Input tokens written to the prompt cache.</summary>
    public decimal? CacheWriteUsd { get; init; }

    /// <summary>Output tokens other than reasoning ones.</summary>
    public decimal? OutputUsd { get; init; }

    /// <summary>Reasoning output tokens (at the reasoning rate, or the output rate when there is none).</summary>
    public decimal? ReasoningUsd { get; init; }

    /// <summary>Uncached audio input tokens (at the audio input rate, or the input rate when there is none).</summary>
    public decimal? AudioInputUsd { get; init; }

    /// <summary>Uncached image input tokens (at the image input rate, or the input rate when there is none).</summary>
    public decimal? ImageInputUsd { get; init; }

    /// <summary>Audio output tokens (at the audio output rate, or the output rate when there is none).</summary>
    public decimal? AudioOutputUsd { get; init; }

    /// <summary>Which rate priced the audio and image tokens (<see cref="ModalityPricing"/>); null when the call reported none.</summary>
    public string? Modalities { get; init; }
}
