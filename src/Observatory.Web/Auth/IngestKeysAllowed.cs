using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Observatory.Web.Auth;

/// <summary>
/// Endpoint metadata: this query endpoint also takes keys of kind <c>ingest</c>, the keys applications and gateways
/// already hold (a budget check from the app that is about to spend). Everything else under <c>/api/</c> needs a query key.
/// </summary>
public sealed class IngestKeysAllowed
{
    public static readonly IngestKeysAllowed Instance = new();

    private IngestKeysAllowed()
    {
    }

    internal static bool On(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<IngestKeysAllowed>() is not null;
}

/// <summary><c>.AllowIngestKeys()</c> on an endpoint: see <see cref="IngestKeysAllowed"/>.</summary>
public static class IngestKeysAllowedExtensions
{
    public static TBuilder AllowIngestKeys<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(IngestKeysAllowed.Instance);
}
