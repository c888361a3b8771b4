using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observatory.Web.QueryCache;
using Observatory.Web.RateLimiting;
using Observatory.Web.Redis;

namespace Observatory.Web;

/// <summary>
/// Wiring of what both HTTP edges share: the optional Redis connection, per-caller rate limits and the query cache.
/// <c>AddObservatoryEdge</c> may be called by every edge a host carries; <c>UseObservatoryEdge</c> goes after
/// authentication and authorization (buckets and cache keys are the caller's) and before the endpoints.
/// </summary>
public static class ObservatoryEdgeExtensions
{
    public static IServiceCollection AddObservatoryEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ObservatoryRedis>();
        services.TryAddSingleton<LocalRateLimiter>();
        services.TryAddSingleton(_ => RateLimitOptions.From(configuration));
        services.TryAddSingleton<CallerRateLimiter>();
        services.TryAddSingleton(_ => QueryCacheOptions.From(configuration));
        return services;
    }

    /// <summary>The <c>redis</c> health check, when <c>ConnectionStrings:Redis</c> is set: degraded (HTTP 200) while Redis is down.</summary>
    public static IHealthChecksBuilder AddObservatoryRedis(this IHealthChecksBuilder checks, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            return checks;
        }

        checks.Services.AddObservatoryEdge(configuration);
        return checks.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// Rate limits, then the query cache (a cached answer still costs a token). Goes after <c>UseObservatoryAuth</c>:
    /// buckets and cache keys are the authenticated caller's, and only authorized requests reach them.
    /// </summary>
    public static IApplicationBuilder UseObservatoryEdge(this IApplicationBuilder app) =>
        app.UseMiddleware<RateLimitMiddleware>().UseMiddleware<QueryCacheMiddleware>();
}
