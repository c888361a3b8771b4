using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Web.Network;

namespace Observatory.Web.Auth;

/// <summary>Wiring of API-key authentication and role authorization; both edges use it, the all-in-one process once.</summary>
public static class AuthHostingExtensions
{
    public static IServiceCollection AddObservatoryAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.SectionName));
        services.TryAddSingleton<ApiKeyCache>();
        services.AddObservatoryEdge(configuration); // the client address's bucket for missing and wrong keys
        MinimumRole.AddRolePolicies(services.AddAuthorizationBuilder());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, MinimumRoleHandler>());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ForbiddenResultHandler>();
        return services;
    }

    /// <summary>
    /// The caller's address from trusted proxies, then authentication (the key: project, role, kind), then authorization
    /// (the endpoint's role). Goes before <c>UseObservatoryEdge</c>, so that rate limits and the query cache only ever see
    /// callers who may have the answer. Added once per pipeline, however many edges a process hosts.
    /// </summary>
    public static IApplicationBuilder UseObservatoryAuth(this IApplicationBuilder app)
    {
        const string marker = "observatory.auth";
        if (app.Properties.ContainsKey(marker))
        {
            return app;
        }

        app.Properties[marker] = true;
        return app.UseTrustedProxies(app.ApplicationServices.GetRequiredService<IConfiguration>())
            .UseMiddleware<ApiKeyAuthenticationMiddleware>()
            .UseAuthorization();
    }
}
