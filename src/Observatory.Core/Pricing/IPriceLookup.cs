namespace Observatory.Core.Pricing;

/// <summary>Finds the price in force for a model at a moment: the built-in catalog, a project's custom prices, or both layered.</summary>
public interface IPriceLookup
{
    /// <summary>
    /// The price of <paramref name="model"/> (any spelling: snapshot, router prefix, cloud id) in force at <paramref name="at"/>.
    /// </summary>
    bool TryFind(string? provider, string? model, DateTimeOffset at, out ModelPrice price);
}

/// <summary>
/// Custom prices over a fallback: a model's custom price in force at the call's time wins; otherwise the fallback
/// (normally <see cref="PriceCatalog.Default"/>) prices it. A custom price effective from a date therefore leaves
/// earlier calls at the built-in price.
/// </summary>
public sealed class LayeredPriceLookup(IPriceLookup custom, IPriceLookup fallback) : IPriceLookup
{
    public bool TryFind(string? provider, string? model, DateTimeOffset at, out ModelPrice price) =>
        custom.TryFind(provider, model, at, out price) || fallback.TryFind(provider, model, at, out price);
}
