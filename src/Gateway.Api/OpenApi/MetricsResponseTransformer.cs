using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Observatory.Gateway.Api.Analytics;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Describes <c>GET /api/v1/metrics</c>'s answer. Its points take one of three shapes depending on <c>metric</c>, which
/// endpoint metadata cannot say (one type per status code), so the 200 response is written here: the envelope of
/// <see cref="MetricsDto{TPoint}"/> with points that are one of <see cref="ValuePointDto"/>, <see cref="TokenPointDto"/>
/// and <see cref="PercentilePointDto"/>.
/// </summary>
public sealed class MetricsResponseTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description is not { HttpMethod: "GET", RelativePath: "api/v1/metrics" })
        {
            return;
        }

        // The envelope as generated for one point type; its points are then widened to the three shapes.
        var envelope = await context.GetOrCreateSchemaAsync(typeof(MetricsDto<TokenPointDto>), cancellationToken: cancellationToken);
        var series = await context.GetOrCreateSchemaAsync(typeof(MetricSeriesDto<TokenPointDto>), cancellationToken: cancellationToken);
        var point = new OpenApiSchema
        {
            Description = "requests, errors and cost: ValuePoint; tokens: TokenPoint (value = input + output; input includes cache " +
                "reads and writes, output includes reasoning); latency and ttft: PercentilePoint (milliseconds).",
            OneOf =
            [
                await context.GetOrCreateSchemaAsync(typeof(ValuePointDto), cancellationToken: cancellationToken),
                await context.GetOrCreateSchemaAsync(typeof(TokenPointDto), cancellationToken: cancellationToken),
                await context.GetOrCreateSchemaAsync(typeof(PercentilePointDto), cancellationToken: cancellationToken),
            ],
        };
        series.Properties!["points"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = point };
        envelope.Properties!["series"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = series };

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "One series per group, oldest point first; empty bins are omitted.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = envelope } },
        };
    }
}
