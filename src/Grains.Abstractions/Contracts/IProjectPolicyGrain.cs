using Observatory.Core.Ingest;
using Observatory.Core.Pricing;
using Observatory.Core.Redaction;

namespace Observatory.Grains.Contracts;

/// <summary>
/// A project's ingest policy (key: project id): its own prices, the content switch and the redaction policy.
/// The single writer of <c>project_prices</c> and <c>project_settings</c>; gateways poll its version.
/// </summary>
[Alias("observatory.IProjectPolicyGrain")]
public interface IProjectPolicyGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")]
    Task<ProjectPolicySnapshot> GetSnapshot();

    /// <summary>Adds or replaces a custom price (validated by the caller).</summary>
    [Alias("PutPrice")]
    Task<ProjectPolicySnapshot> PutPrice(CustomPrice price);

    [Alias("PutSettings")]
    Task<ProjectPolicySnapshot> PutSettings(bool captureContent, string? redactionJson);
}

/// <summary>The policy at one version; the version changes whenever anything in it does.</summary>
[GenerateSerializer, Immutable, Alias("observatory.ProjectPolicySnapshot")]
public sealed record ProjectPolicySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] CustomPrice[] Prices,
    [property: Id(2)] bool CaptureContent,
    [property: Id(3)] string? RedactionJson)
{
    /// <summary>The lookups ingest prices and redacts with: built-in prices overlaid with the project's own.</summary>
    public ProjectIngestPolicy ToIngestPolicy()
    {
        IPriceLookup prices = Prices.Length == 0 ? PriceCatalog.Default : PriceCatalog.Default.WithCustomPrices(Prices);
        var redactor = RedactionJson is { } json ? new PiiRedactor(RedactionSettings.Parse(json).ToPolicy()) : null;
        return new ProjectIngestPolicy(prices, CaptureContent, redactor);
    }
}
