using Observatory.Grains.Contracts;

namespace Observatory.Grains.Client;

/// <summary>The client side of the live streams (silos register theirs in Grains' LiveHostingExtensions).</summary>
public static class LiveStreamsClientExtensions
{
    /// <summary>A client of the cluster (a standalone Gateway.Api) that subscribes to the live streams.</summary>
    public static IClientBuilder AddObservatoryLiveStreams(this IClientBuilder client) =>
        client.AddMemoryStreams(LiveStreams.ProviderName);
}
