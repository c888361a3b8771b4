using Observatory.Core.Pricing;

namespace Observatory.Core.Ingest;

/// <summary>
/// How one project's spans are turned into records: its prices (its own first, then the built-in catalog)
/// and whether prompts and completions are kept.
/// </summary>
public sealed record ProjectIngestPolicy(IPriceLookup Prices, bool CaptureContent)
{
    /// <summary>Built-in prices, content kept: a project that configured nothing.</summary>
    public static ProjectIngestPolicy Default { get; } = new(PriceCatalog.Default, CaptureContent: true);
}
