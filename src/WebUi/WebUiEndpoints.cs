using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Observatory.WebUi;

/// <summary>
/// Serves the UI: <c>/</c> is the page (revalidated on every load), <c>/ui/{version}/…</c> its files, cached for a year
/// since a new build changes the version in their URLs. Outside <c>/api</c> and <c>/v1</c>, so no key is needed to load
/// it; the page asks for a key when the API does.
/// </summary>
public static class WebUiEndpoints
{
    public const string AssetPrefix = "/ui";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddObservatoryWebUi(this IServiceCollection services)
    {
        services.AddSingleton<WebUiAssets>();
        return services;
    }

    /// <summary>Maps the UI's routes, answering only on <paramref name="host"/> (the API port) like the API itself.</summary>
    public static IEndpointRouteBuilder MapObservatoryWebUi(this IEndpointRouteBuilder endpoints, string host)
    {
        endpoints.MapGet("/", (HttpContext context, WebUiAssets assets) =>
            {
                // Trace content is untrusted text: even if some of it slipped through unescaped, no script could run.
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Send(context, assets.Index, immutable: false);
            })
            .RequireHost(host).ExcludeFromDescription();
        endpoints.MapGet(AssetPrefix + "/{version}/{**path}", (string version, string path, HttpContext context, WebUiAssets assets) =>
                assets.Find(path) is { } asset
                    ? Send(context, asset, immutable: version == assets.Version)
                    : Results.NotFound())
            .RequireHost(host).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Send(HttpContext context, WebUiAsset asset, bool immutable)
    {
        var response = context.Response;
        // An old page asking for an asset of an older version gets today's file, but must not keep it.
        response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (asset.Gzip is not null && AcceptsGzip(context.Request))
        {
            response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(asset.Gzip, asset.ContentType);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));
}
