using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Core.Ingest;
using Observatory.Grains.Ingest;
using Observatory.Grains.Projects;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace Observatory.Grains;

/// <summary>Wiring shared by silos and clients of the cluster.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>
    /// Core domain types (spans, summaries) carry no Orleans attributes by design; they cross grain calls as JSON.
    /// Silos and clients must both call this.
    /// </summary>
    public static IServiceCollection AddObservatorySerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("Observatory.Core", StringComparison.Ordinal) == true));

    /// <summary>What a silo needs to host the grains, besides storage (see Storage's AddObservatoryWriters).</summary>
    public static ISiloBuilder AddObservatoryGrains(this ISiloBuilder silo)
    {
        silo.Services.AddObservatorySerialization();
        // Check for idle grains every 15 s, so short-lived trace grains leave memory soon after their age limit.
        silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(15));
        return silo;
    }

    /// <summary>Registers the cached, grain-backed <see cref="IProjectPolicySource"/> (once, however often called).</summary>
    public static IServiceCollection AddProjectPolicySource(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainProjectPolicySource>();
        services.TryAddSingleton<IProjectPolicySource>(sp => sp.GetRequiredService<GrainProjectPolicySource>());
        return services;
    }

    /// <summary>Registers the <see cref="ISpanIngestor"/> and <see cref="ILogIngestor"/> that gateways use to reach the cluster.</summary>
    public static IServiceCollection AddGrainIngestors(this IServiceCollection services)
    {
        services.AddSingleton<GrainIngestor>();
        services.AddProjectPolicySource();

        services.AddSingleton<ISpanIngestor>(sp => sp.GetRequiredService<GrainIngestor>());
        services.AddSingleton<ILogIngestor>(sp => sp.GetRequiredService<GrainIngestor>());
        return services;
    }
}
