using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// Model prices over time, looked up by the many spellings a model id arrives in. Prices are data: the built-in list is
/// the embedded <c>Pricing/prices.json</c> (see <see cref="PriceListJson"/>); a project's own prices load through
/// <see cref="ForCustomPrices"/> and layer over it with <see cref="WithCustomPrices"/>.
/// </summary>
/// <remarks>
/// Lookup order: the exact id; the id without a router or cloud prefix (openai/gpt-4o, models/gemini-1.5-pro,
/// us.anthropic.…); without dated-snapshot suffixes (gpt-4o-2024-08-06 → gpt-4o); the listed patterns; then the
/// longest listed family the id extends at a '-' boundary (gpt-4o-mini-search-preview → gpt-4o-mini, never gpt-4o).
/// A family is not extended by a short number: claude-opus-4-6 is a new version with its own price, not
/// claude-opus-4, whereas three or more digits are a snapshot (gpt-4-0613, gemini-1.5-pro-002, mistral-large-2411).
/// The first step that names a model decides it; the call's time then picks that model's price version, and a model
/// without a version in force at that time is unpriced here (shorter families are not tried).
/// In the built-in catalog the provider only breaks ties between entries of the same id: it is spelled too many ways
/// to reject a match. A custom catalog is keyed by (provider, model), so there it must match when the call names one.
/// </remarks>
public sealed class PriceCatalog : IPriceLookup
{
    private const int MaxCachedLookups = 10_000;

    // Patterns come from data; a runaway expression must not stall ingestion.
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(50);

    private static readonly Lazy<PriceCatalog> BuiltIn = new(LoadBuiltIn);

    private readonly Dictionary<string, Timeline[]> byId = new(StringComparer.Ordinal);
    private readonly (Regex Pattern, Timeline Timeline)[] patterns;
    private readonly bool providerMustMatch;

    // Which model a spelling names does not depend on time, so it is memoised; model ids come from clients, so the memo is bounded.
    private readonly ConcurrentDictionary<(string? Provider, string Model), Timeline?> resolved = new();

    public PriceCatalog(IEnumerable<ModelPrice> prices)
        : this(prices, providerMustMatch: false, version: null, updated: null)
    {
    }

    private PriceCatalog(IEnumerable<ModelPrice> prices, bool providerMustMatch, string? version, DateOnly? updated)
    {
        this.providerMustMatch = providerMustMatch;
        Version = version;
        Updated = updated;
        // Every entry records the list it came from, so a cost can say which catalog version priced it.
        Prices = version is null ? prices.ToArray() : prices.Select(p => p.CatalogVersion is null ? p with { CatalogVersion = version } : p).ToArray();

        var timelines = Prices
            .GroupBy(p => (Provider: ProviderNames.Canonicalize(p.Provider) ?? "", Model: Normalize(p.Model)))
            .Select(group => new Timeline(group.Key.Provider, group.Key.Model, group))
            .ToArray();

        foreach (var timeline in timelines)
        {
            foreach (var id in timeline.Ids)
            {
                byId[id] = byId.TryGetValue(id, out var existing) ? [.. existing, timeline] : [timeline];
            }
        }

        patterns = timelines
            .SelectMany(t => t.Patterns.Select(p => (CompilePattern(p), t)))
            .ToArray();
    }

    /// <summary>The prices built into Observatory.Core (Pricing/prices.json).</summary>
    public static PriceCatalog Default => BuiltIn.Value;

    /// <summary>Every price version, in list order.</summary>
    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>The version of the price list this catalog was read from, when it states one.</summary>
    public string? Version { get; }

    /// <summary>When the price list was last updated, when it states it.</summary>
    public DateOnly? Updated { get; }

    /// <summary>Reads a price list in the prices.json format.</summary>
    public static PriceCatalog Parse(string json)
    {
        var list = PriceListJson.Read(json);
        return new PriceCatalog(list.Prices, providerMustMatch: false, list.Version, list.Updated);
    }

    /// <summary>A project's custom prices as a catalog: a price applies only to calls from its provider, or naming none.</summary>
    public static PriceCatalog ForCustomPrices(IEnumerable<CustomPrice> prices) =>
        new(prices.Select(p => p.ToModelPrice()), providerMustMatch: true, version: null, updated: null);

    /// <summary>This catalog under a project's custom prices (see <see cref="LayeredPriceLookup"/>).</summary>
    public IPriceLookup WithCustomPrices(IEnumerable<CustomPrice> prices) => new LayeredPriceLookup(ForCustomPrices(prices), this);

    /// <summary>Compiles a model-id pattern as the catalog does: whole-id, case-insensitive, with a match timeout.</summary>
    public static Regex CompilePattern(string pattern) =>
        new($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeout);

    /// <summary>The price of a model in force now.</summary>
    public bool TryFind(string? provider, string? model, out ModelPrice price) => TryFind(provider, model, DateTimeOffset.UtcNow, out price);

    /// <inheritdoc />
    public bool TryFind(string? provider, string? model, DateTimeOffset at, out ModelPrice price)
    {
        price = null!;
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        var key = (ProviderNames.Canonicalize(provider), model);
        if (!resolved.TryGetValue(key, out var timeline))
        {
            timeline = Resolve(key.Item1, model);
            if (resolved.Count < MaxCachedLookups)
            {
                resolved.TryAdd(key, timeline);
            }
        }

        if (timeline?.At(at) is not { } found)
        {
            return false;
        }

        price = found;
        return true;
    }

    private static string Normalize(string id) => id.Trim().ToLowerInvariant();

    private Timeline? Resolve(string? provider, string model)
    {
        var exact = Normalize(model);
        var routed = ModelIds.StripRouting(model);
        var family = ModelIds.StripSnapshot(routed);
        return Exact(provider, exact) ?? Exact(provider, routed) ?? Exact(provider, family)
            ?? Matching(provider, exact, routed) ?? LongestFamily(provider, family);
    }

    private Timeline? Exact(string? provider, string id) =>
        byId.TryGetValue(id, out var candidates) ? Choose(provider, candidates) : null;

    private Timeline? Choose(string? provider, IReadOnlyList<Timeline> candidates)
    {
        if (candidates.FirstOrDefault(c => c.Provider == provider) is { } sameProvider)
        {
            return sameProvider;
        }

        return providerMustMatch && provider is not null ? null : candidates.FirstOrDefault();
    }

    private Timeline? Matching(string? provider, string exact, string routed)
    {
        if (patterns.Length == 0)
        {
            return null;
        }

        var matches = patterns
            .Where(p => IsMatch(p.Pattern, exact) || IsMatch(p.Pattern, routed))
            .Select(p => p.Timeline)
            .ToArray();
        return Choose(provider, matches);
    }

    // A pattern that times out on a client's id is no match; pricing must never fail ingestion.
    private static bool IsMatch(Regex pattern, string id)
    {
        try
        {
            return pattern.IsMatch(id);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private Timeline? LongestFamily(string? provider, string id)
    {
        for (var boundary = id.LastIndexOf('-'); boundary > 0; boundary = id.LastIndexOf('-', boundary - 1))
        {
            if (Exact(provider, id[..boundary]) is not { } timeline)
            {
                continue;
            }

            // The longest listed family decides: if the id is a newer version of it, no shorter family applies either.
            return ExtendsAsNewVersion(id.AsSpan(boundary + 1)) ? null : timeline;
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

    /// <summary>The price versions of one (provider, model), oldest first, reachable by all their ids.</summary>
    private sealed class Timeline
    {
        private readonly ModelPrice[] versions;

        public Timeline(string provider, string model, IEnumerable<ModelPrice> prices)
        {
            Provider = provider;
            // Stable sort: of two versions from the same moment, the later listed wins.
            versions = prices.OrderBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue).ToArray();
            Ids = versions.SelectMany(v => v.Aliases).Select(Normalize).Prepend(model).Distinct().ToArray();
            Patterns = versions.SelectMany(v => v.Patterns).Distinct().ToArray();
        }

        public string Provider { get; }

        public IReadOnlyList<string> Ids { get; }

        public IReadOnlyList<string> Patterns { get; }

        public ModelPrice? At(DateTimeOffset at)
        {
            ModelPrice? inForce = null;
            foreach (var version in versions)
            {
                if ((version.EffectiveFrom ?? DateTimeOffset.MinValue) <= at)
                {
                    inForce = version;
                }
            }

            return inForce;
        }
    }
}
