using Microsoft.AspNetCore.Builder;
using Observatory.Core.Projects;

namespace Observatory.Web.Auth;

/// <summary>
/// Endpoints that change things need more than a viewer key. The check is ASP.NET Core authorization metadata, so it
/// runs in the authorization middleware, before the rate limiter and the query cache ever see the request.
/// </summary>
public static class RoleRequirement
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiKeyRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(MinimumRole.PolicyName(role));
}
