using System.Globalization;

namespace Observatory.Core.Pricing;

/// <summary>
/// One version of a model's list price in USD per million tokens, with where and when it was read. Entries for the same
/// provider and model form a timeline: each applies from its <see cref="EffectiveFrom"/> until the next one.
/// </summary>
public sealed record ModelPrice(string Provider, string Model, TokenRates Rates, string Source, DateOnly AsOf)
{
    /// <summary>When this price took effect; null for the first known price, which applies to all earlier calls too.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>Long-prompt rates, ascending by threshold (see <see cref="PriceTier"/>).</summary>
    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    /// <summary>Other exact ids of the same model (dated snapshots, dotted or cloud spellings).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Regular expressions, each matching a whole lowercased model id (with or without its router prefix).</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>What the source says that the rates alone do not (retirement, approximations, unmodelled surcharges).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The version of the price list this entry was read from (prices.json's <c>version</c>), or
    /// <see cref="CustomPrice.SourceName"/> for a project's own price; null for a list that states none.
    /// </summary>
    public string? CatalogVersion { get; init; }

    /// <summary>
    /// Names this price version within its list: <c>provider/model</c>, plus <c>@effectiveFrom</c> (a date, or an ISO
    /// 8601 instant when it is not midnight UTC) for every version after the first.
    /// </summary>
    public string EntryId => EffectiveFrom is not { } from ? $"{Provider}/{Model}"
        : $"{Provider}/{Model}@{from.UtcDateTime.ToString(from.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>The rates that price a request with <paramref name="promptTokens"/> input tokens (cached ones included), and the tier they come from.</summary>
    public (TokenRates Rates, PriceTier? Tier) RatesFor(long promptTokens)
    {
        PriceTier? applied = null;
        foreach (var tier in Tiers)
        {
            if (promptTokens > tier.AboveInputTokens && (applied is null || tier.AboveInputTokens > applied.AboveInputTokens))
            {
                applied = tier;
            }
        }

        return applied is null ? (Rates, null) : (applied.Rates.Over(Rates), applied);
    }
}
