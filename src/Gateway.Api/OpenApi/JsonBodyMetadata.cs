using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Observatory.Gateway.Api.Hosting;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Describes the JSON body of an endpoint that reads its body itself, for the OpenAPI document. Unlike
/// <c>Accepts&lt;T&gt;("application/json")</c> it names no content types: routing turns away a request whose
/// Content-Type is not among an endpoint's accepted ones with a bare 415 before the endpoint runs, and these
/// endpoints answer a wrong body with their own error, which says what is wrong. Without content types the document
/// lists the body under application/json, the generator's default.
/// </summary>
public sealed class JsonBodyMetadata(Type requestType) : IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes => [];

    public Type? RequestType => requestType;

    public bool IsOptional => false;
}

/// <summary>
/// <c>.AcceptsJsonBody&lt;T&gt;()</c> on an endpoint: its body has the shape of <typeparamref name="T"/> in the OpenAPI
/// document, and a request whose Content-Type is not JSON gets a 415 that says so (the endpoints read their bodies with
/// System.Text.Json, which would otherwise fail on such a body with a 500).
/// </summary>
public static class JsonBodyMetadataExtensions
{
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new JsonBodyMetadata(typeof(T))).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.HasJsonContentType()
                ? await next(context)
                : ApiError.UnsupportedMediaType(
                    $"The body must be JSON (Content-Type: application/json); the request said '{context.HttpContext.Request.ContentType ?? "nothing"}'."));
}
