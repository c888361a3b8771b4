using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// The REST API's OpenAPI document (<c>/openapi/v1.json</c>, generated from the endpoints' metadata) and its interactive
/// reference page (Scalar, at <c>/docs</c>). Only the REST API is described: OTLP and the silo's pages are not in it.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddObservatoryOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath is { } path && (path.StartsWith("api/v1/", StringComparison.Ordinal) || path == "health");
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "LLM Observatory API",
                    Version = "v1",
                    Description = "Traces, LLM calls, tokens and cost read from OpenTelemetry spans, scoped to the caller's project. " +
                        "Errors are {\"error\":{\"code\",\"message\"}}.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(new FeatureTagTransformer());
            o.AddOperationTransformer(new QueryParameterTransformer());
            o.AddOperationTransformer(new MetricsResponseTransformer());
            o.AddSchemaTransformer(new DecimalSchemaTransformer());
            o.AddSchemaTransformer(new TraceFilterSchemaTransformer());
        });
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoryOpenApi(this IEndpointRouteBuilder endpoints, string host)
    {
        endpoints.MapOpenApi(DocumentPath).RequireHost(host);
        endpoints.MapScalarApiReference(ReferencePath, o => o.WithTitle("LLM Observatory API").WithOpenApiRoutePattern(DocumentPath)).RequireHost(host);
        return endpoints;
    }
}
