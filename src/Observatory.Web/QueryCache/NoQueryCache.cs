using Microsoft.AspNetCore.Builder;

namespace Observatory.Web.QueryCache;

/// <summary>
/// Endpoint metadata: never cache this endpoint's answers, whatever <c>QueryCache:ExcludedPaths</c> says. For answers
/// that must be computed for each caller afresh, such as key lists and the operator's view of every project.
/// </summary>
public sealed class NoQueryCache
{
    public static readonly NoQueryCache Instance = new();

    private NoQueryCache()
    {
    }
}

public static class NoQueryCacheExtensions
{
    public static TBuilder WithoutQueryCache<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoQueryCache.Instance);
}
