using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Decimals (prices, costs) are JSON numbers. The generator cannot tell, because a custom converter
/// (<see cref="Hosting.NormalizedDecimalConverter"/>) writes them, and would leave their schemas without a type.
/// </summary>
public sealed class DecimalSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(decimal))
        {
            schema.Type = JsonSchemaType.Number;
        }
        else if (type == typeof(decimal?))
        {
            schema.Type = JsonSchemaType.Number | JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }
}
