using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Observatory.Grains.Contracts;

/// <summary>Serialization shared by silos and clients of the cluster.</summary>
public static class ObservatorySerialization
{
    /// <summary>
    /// Core domain types (spans, summaries) carry no Orleans attributes by design; they cross grain calls as JSON.
    /// Silos and clients must both call this.
    /// </summary>
    public static IServiceCollection AddObservatorySerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("Observatory.Core", StringComparison.Ordinal) == true));
}
