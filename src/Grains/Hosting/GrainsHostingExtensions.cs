using Microsoft.Extensions.DependencyInjection;
using Observatory.Core.Ingest;
using Observatory.Grains.Ingest;
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

    /// <summary>Services the grains of a silo need besides storage (see Storage's AddObservatoryWriters).</summary>
    public static IServiceCollection AddObservatoryGrainServices(this IServiceCollection services) =>
        services.AddSingleton<GrainFeed>();

    /// <summary>Registers the <see cref="ISpanIngestor"/> that gateways use to reach the cluster.</summary>
    public static IServiceCollection AddGrainSpanIngestor(this IServiceCollection services) =>
        services.AddSingleton<ISpanIngestor, GrainSpanIngestor>();
}
