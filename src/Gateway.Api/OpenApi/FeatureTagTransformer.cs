using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Groups endpoints that carry no tag of their own by their feature, the first path segment after <c>/api/v1</c>
/// (<c>/api/v1/traces/{id}</c> → "Traces"), so the reference page reads by feature without touching each feature's file.
/// </summary>
public sealed class FeatureTagTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var hasOwnTag = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().Any();
        if (hasOwnTag)
        {
            return Task.CompletedTask;
        }

        var path = context.Description.RelativePath ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var feature = segments is ["api", "v1", var first, ..] ? first : segments.FirstOrDefault() ?? "api";
        var name = char.ToUpperInvariant(feature[0]) + feature[1..];
        operation.Tags = new HashSet<OpenApiTagReference> { new(name, context.Document) };
        return Task.CompletedTask;
    }
}
