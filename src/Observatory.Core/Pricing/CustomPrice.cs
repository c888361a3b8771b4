using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// A project's own price for one provider's model (a negotiated or self-hosted rate), as stored and edited through
/// the pricing API. It wins over the built-in price for calls from <see cref="EffectiveFrom"/> on; serialises to JSON
/// as <c>{"provider","model","rates":{"inputPerMillion",…},"effectiveFrom","tiers":[{"aboveInputTokens","rates"}],"note"}</c>.
/// </summary>
/// <param name="EffectiveFrom">When the price starts to apply; null applies it to every call, past ones included.</param>
public sealed record CustomPrice(string Provider, string Model, TokenRates Rates, DateTimeOffset? EffectiveFrom = null)
{
    /// <summary>The <see cref="ModelPrice.Source"/> of every custom price.</summary>
    public const string SourceName = "custom";

    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    public string? Note { get; init; }

    /// <summary>What is wrong with this price, in words for an API error; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Provider))
        {
            problems.Add("provider is required");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add("model is required");
        }

        if (Rates is null)
        {
            problems.Add("rates are required");
        }
        else if (Rates.All.Any(rate => rate < 0))
        {
            problems.Add("rates must not be negative");
        }

        var tiers = Tiers ?? [];
        if (tiers.Any(tier => tier?.Rates is null || tier.Rates.All.Any(rate => rate < 0)))
        {
            problems.Add("every tier needs rates, none negative");
        }

        if (tiers.Any(tier => tier is not null && tier.AboveInputTokens <= 0))
        {
            problems.Add("tier thresholds (aboveInputTokens) must be positive");
        }

        if (tiers.Where(tier => tier is not null).GroupBy(tier => tier.AboveInputTokens).Any(group => group.Count() > 1))
        {
            problems.Add("tier thresholds must be distinct");
        }

        return problems;
    }

    /// <summary>This price as a catalog entry: canonical provider, lowercased model id, source "custom".</summary>
    public ModelPrice ToModelPrice() => new(
        ProviderNames.Canonicalize(Provider) ?? Provider,
        Model.Trim().ToLowerInvariant(),
        Rates,
        SourceName,
        EffectiveFrom is { } from ? DateOnly.FromDateTime(from.UtcDateTime) : DateOnly.MinValue)
    {
        EffectiveFrom = EffectiveFrom,
        Tiers = Tiers.OrderBy(tier => tier.AboveInputTokens).ToArray(),
        Note = Note,
        CatalogVersion = SourceName,
    };
}
