using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// Model prices, looked up by the many spellings a model id arrives in. Prices are data: the built-in list is the
/// embedded <c>Pricing/prices.json</c>; another list (say, negotiated prices) loads through <see cref="Parse"/>.
/// </summary>
/// <remarks>
/// Lookup order: the exact id; the id without a router or cloud prefix (openai/gpt-4o, models/gemini-1.5-pro,
/// us.anthropic.…); without dated-snapshot suffixes (gpt-4o-2024-08-06 → gpt-4o); then the longest listed
/// family the id extends at a '-' boundary (gpt-4o-mini-search-preview → gpt-4o-mini, never gpt-4o).
/// A family is not extended by a short number: claude-opus-4-6 is a new version with its own price, not
/// claude-opus-4, whereas three or more digits are a snapshot (gpt-4-0613, gemini-1.5-pro-002, mistral-large-2411).
/// The provider only breaks ties between entries of the same id: it is spelled too many ways to reject a match.
/// </remarks>
public sealed class PriceCatalog
{
    private const int MaxCachedLookups = 10_000;

    private static readonly Lazy<PriceCatalog> BuiltIn = new(LoadBuiltIn);

    private readonly Dictionary<string, ModelPrice[]> byId = new(StringComparer.Ordinal);

    // Model ids come from clients, so the memo of lookups is bounded.
    private readonly ConcurrentDictionary<(string? Provider, string Model), ModelPrice?> lookups = new();

    public PriceCatalog(IEnumerable<ModelPrice> prices)
    {
        foreach (var price in prices)
        {
            foreach (var id in price.Aliases.Prepend(price.Model))
            {
                var key = id.Trim().ToLowerInvariant();
                byId[key] = byId.TryGetValue(key, out var existing) ? [.. existing, price] : [price];
            }
        }

        Prices = byId.Values.SelectMany(p => p).Distinct().ToArray();
    }

    /// <summary>The prices built into Observatory.Core (Pricing/prices.json).</summary>
    public static PriceCatalog Default => BuiltIn.Value;

    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>Reads a price list in the prices.json format.</summary>
    public static PriceCatalog Parse(string json) => new(ReadPrices(json));

    /// <summary>Finds the price of a model; <paramref name="provider"/> only breaks ties between equally good matches.</summary>
    public bool TryFind(string? provider, string? model, out ModelPrice price)
    {
        price = null!;
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        var key = (ProviderNames.Canonicalize(provider), model);
        if (!lookups.TryGetValue(key, out var found))
        {
            found = Find(key.Item1, model);
            if (lookups.Count < MaxCachedLookups)
            {
                lookups.TryAdd(key, found);
            }
        }

        if (found is null)
        {
            return false;
        }

        price = found;
        return true;
    }

    private ModelPrice? Find(string? provider, string model)
    {
        var exact = model.Trim().ToLowerInvariant();
        var routed = ModelIds.StripRouting(model);
        var family = ModelIds.StripSnapshot(routed);
        return Exact(provider, exact) ?? Exact(provider, routed) ?? Exact(provider, family) ?? LongestFamily(provider, family);
    }

    private ModelPrice? Exact(string? provider, string id) =>
        byId.TryGetValue(id, out var candidates)
            ? candidates.FirstOrDefault(c => ProviderNames.Canonicalize(c.Provider) == provider) ?? candidates[0]
            : null;

    private ModelPrice? LongestFamily(string? provider, string id)
    {
        for (var boundary = id.LastIndexOf('-'); boundary > 0; boundary = id.LastIndexOf('-', boundary - 1))
        {
            if (Exact(provider, id[..boundary]) is not { } price)
            {
                continue;
            }

            // The longest listed family decides: if the id is a newer version of it, no shorter family applies either.
            return ExtendsAsNewVersion(id.AsSpan(boundary + 1)) ? null : price;
        }

        return null;
    }

    private static bool ExtendsAsNewVersion(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOf('-');
        var segment = end < 0 ? rest : rest[..end];
        return segment.Length is > 0 and <= 2 && !segment.ContainsAnyExceptInRange('0', '9');
    }

    private static PriceCatalog LoadBuiltIn()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream("Observatory.Core.Pricing.prices.json")
            ?? throw new InvalidOperationException("The embedded price list Pricing/prices.json is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    // JsonDocument rather than a serializer: decimals stay exact and nothing depends on reflection.
    private static IEnumerable<ModelPrice> ReadPrices(string json)
    {
        using var document = JsonDocument.Parse(json);
        var prices = new List<ModelPrice>();
        foreach (var entry in document.RootElement.GetProperty("models").EnumerateArray())
        {
            var model = entry.GetProperty("model").GetString()!;
            prices.Add(new ModelPrice(
                entry.GetProperty("provider").GetString()!,
                model,
                entry.GetProperty("input").GetDecimal(),
                entry.GetProperty("output").GetDecimal(),
                OptionalDecimal(entry, "cacheRead"),
                OptionalDecimal(entry, "cacheWrite"),
                entry.GetProperty("source").GetString()!,
                DateOnly.ParseExact(entry.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                Aliases = entry.TryGetProperty("aliases", out var aliases)
                    ? aliases.EnumerateArray().Select(a => a.GetString()!).ToArray()
                    : [],
            });
        }

        return prices;
    }

    private static decimal? OptionalDecimal(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.GetDecimal() : null;
}
