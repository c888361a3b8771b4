namespace Observatory.Core.Pricing;

/// <summary>The list price of one model in USD per million tokens, with where and when it was read.</summary>
/// <param name="CacheReadPerMillion">Price of input tokens read from the prompt cache; null when the provider does not price them differently.</param>
/// <param name="CacheWritePerMillion">Price of input tokens written to the prompt cache; null when the provider does not price them differently.</param>
public sealed record ModelPrice(
    string Provider,
    string Model,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CacheReadPerMillion,
    decimal? CacheWritePerMillion,
    string Source,
    DateOnly AsOf)
{
    /// <summary>Other exact ids of the same model (dated snapshots, dotted spellings).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
