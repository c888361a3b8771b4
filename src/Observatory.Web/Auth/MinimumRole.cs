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
                context.Fail(new AuthorizationFailureReason(this, Explain(requirement.Role, role)));
            }
        }

        return Task.CompletedTask;
    }

    internal static string Explain(ApiKeyRole needed, ApiKeyRole actual) =>
        $"This endpoint needs {MinimumRole.WithArticle(needed)} key; yours is {MinimumRole.WithArticle(actual)} key.";
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

        // The request carries no authenticated ClaimsPrincipal (keys are checked by our own middleware), so ASP.NET Core
        // reports a refused policy as a challenge and drops the handler's reason: name the roles here instead.
        var message = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
            ?? (policy.Requirements.OfType<MinimumRole>().FirstOrDefault() is { } needed ? MinimumRoleHandler.Explain(needed.Role, context.Role()) : null)
            ?? "This endpoint needs another key.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new { error = new { code = "forbidden", message } });
    }
}
