using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observatory.Core.Projects;

namespace Observatory.Web.Auth;

/// <summary>Endpoints that change things need more than a viewer key: a 403 naming the role needed.</summary>
public static class RoleRequirement
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiKeyRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Role() >= role
                ? await next(context)
                : Results.Json(
                    new { error = new { code = "forbidden", message = $"This endpoint needs a {role.ToString().ToLowerInvariant()} key; yours is a {context.HttpContext.Role().ToString().ToLowerInvariant()} key." } },
                    statusCode: StatusCodes.Status403Forbidden));
}
