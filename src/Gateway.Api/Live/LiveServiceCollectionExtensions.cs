using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Observatory.Gateway.Api.Live;

/// <summary>Wiring of the Server-Sent Events endpoints (the cluster client's live stream provider is the host's part).</summary>
public static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddObservatoryLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => LiveOptions.From(configuration));
        services.TryAddSingleton<LiveHub>();
        services.TryAddSingleton<LiveTraceMatcher>();
        return services;
    }
}
