using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Observatory.Gateway.Api.Traces;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Lists the search filter's fields and operators in the <see cref="TraceFilterNode"/> schema, taken from the
/// <see cref="TraceFilterParser"/> that checks them, so the document names exactly what a search accepts; and says
/// what <c>value</c> holds, which the generator leaves as an undescribed any-JSON schema.
/// </summary>
public sealed class TraceFilterSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(TraceFilterNode) || schema.Properties is not { } properties)
        {
            return Task.CompletedTask;
        }

        if (properties.TryGetValue("field", out var field) && field is OpenApiSchema fieldSchema)
        {
            fieldSchema.Description = $"{string.Join(", ", TraceFilterParser.FieldNames)}, or attr.<key> for a span attribute of any span of the trace.";
        }

        if (properties.TryGetValue("op", out var op) && op is OpenApiSchema opSchema)
        {
            opSchema.Enum = [.. TraceFilterParser.OperatorNames.Select(name => (JsonNode)name)];
        }

        if (properties.TryGetValue("value", out var value) && value is OpenApiSchema valueSchema)
        {
            valueSchema.Description = "A string, number or boolean, as the field takes; an array of them for op 'in'.";
        }

        return Task.CompletedTask;
    }
}
