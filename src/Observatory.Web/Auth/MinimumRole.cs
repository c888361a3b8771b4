using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Observatory.Core.Projects;

namespace Observatory.Web.Auth;

/// <summary>A policy per role: the caller's key must have at least that role (viewer &lt; developer &lt; admin).</summary>
public sealed record MinimumRole(ApiKeyRole Role) : IAuthorizationRequirement
{
    public static string PolicyName(ApiKeyRole role) => "role:" + Name(role);

    public static AuthorizationBuilder AddRolePolicies(AuthorizationBuilder authorization)
    {
        foreach (var role in Enum.GetValues<ApiKeyRole>())
        {
            authorization.AddPolicy(PolicyName(role), policy => policy.AddRequirements(new MinimumRole(role)));
        }

        return authorization;
    }

    internal static string Name(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    internal static string WithArticle(ApiKeyRole role) => (role == ApiKeyRole.Admin ? "an " : "a ") + Name(role);
}

/// <summary>Compares the role that authentication filed on the request (admin with <c>Auth:Mode=none</c>) with the policy's.</summary>
internal sealed class MinimumRoleHandler : AuthorizationHandler<MinimumRole>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MinimumRole requirement)
    {
        if (context.Resource is HttpContext http)
        {
            var role = http.Role();
            if (role >= requirement.Role)
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this,
                    $"This endpoint needs {MinimumRole.WithArticle(requirement.Role)} key; yours is {MinimumRole.WithArticle(role)} key."));
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>A refused policy answers 403 in the API's error shape, naming the role needed, instead of a bare challenge.</summary>
internal sealed class ForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        var message = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "This endpoint needs another key.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new { error = new { code = "forbidden", message } });
    }
}
