using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Observatory.Web.Auth;

/// <summary>Wiring of API-key authentication; both edges use it, the all-in-one process once.</summary>
public static class AuthHostingExtensions
{
    public static IServiceCollection AddObservatoryAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Adds the middleware once per pipeline, however many edges a process hosts.</summary>
    public static IApplicationBuilder UseObservatoryAuth(this IApplicationBuilder app)
    {
        const string marker = "observatory.auth";
        if (app.Properties.ContainsKey(marker))
        {
            return app;
        }

        app.Properties[marker] = true;
        return app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
    }
}
