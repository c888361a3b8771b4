using System.ComponentModel;
using Observatory.Core.Pricing;

namespace Observatory.Gateway.Api.Pricing;

// Members are nullable so that a missing one reaches the endpoint, which answers a 400 naming it; a default value
// marks a member optional in the OpenAPI schema, no default marks it required.

/// <summary>The body of <c>PUT /api/v1/pricing/{provider}/{model}</c>: the project's own price for that model.</summary>
public sealed record PriceBody(
    [property: Description("USD per million tokens: inputPerMillion and outputPerMillion, optionally cache, reasoning and modality (audioInputPerMillion, audioOutputPerMillion, imageInputPerMillion) rates.")]
    TokenRates? Rates,
    [property: Description("When the price starts to apply, ISO-8601; omitted, it applies to every call, past ones included.")]
    DateTimeOffset? EffectiveFrom = null,
    [property: Description("Rates that replace the base rates for calls with more input tokens than aboveInputTokens.")]
    IReadOnlyList<PriceTier>? Tiers = null,
    [property: Description("Free text, e.g. where the price comes from.")]
    string? Note = null);

/// <summary>The body of <c>POST /api/v1/pricing/recost</c>: which stored calls to price again with the prices now in force.</summary>
public sealed record RecostBody(
    [property: Description("The model whose calls are re-costed.")]
    string? Model,
    [property: Description("Start of the time range, ISO-8601 (inclusive).")]
    DateTimeOffset? From,
    [property: Description("End of the time range, ISO-8601 (exclusive); after from.")]
    DateTimeOffset? To,
    [property: Description("Only this provider's calls; omitted, every provider's calls of the model.")]
    string? Provider = null);
