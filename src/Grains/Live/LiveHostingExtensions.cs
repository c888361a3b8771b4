using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Grains.Contracts;
using Observatory.Storage.Traces;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Providers;

namespace Observatory.Grains.Live;

/// <summary>
/// Wiring of the live streams. Memory streams: their queues are grains spread over the cluster and every silo's pulling
/// agents deliver to subscribers anywhere, standalone API clients included; nothing leaves the cluster, and nothing
/// of it has to survive a crash (the stored data is the truth). Their pub-sub needs the grain storage
/// <see cref="LiveStreams.PubSubStore"/>, which the silo host registers.
/// </summary>
public static class LiveHostingExtensions
{
    /// <summary>How long a delivered batch stays at least in the silo's stream queue cache.</summary>
    public static readonly TimeSpan CacheMinTime = TimeSpan.FromSeconds(5);

    /// <summary>How long any batch stays at most in the silo's stream queue cache, delivered or not.</summary>
    public static readonly TimeSpan CacheMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>A silo: the stream provider and the publisher that ingest tells what it committed.</summary>
    public static ISiloBuilder AddObservatoryLiveStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(LiveStreams.ProviderName, streams =>
        {
            // Retry within a second of a silo's death, not Orleans' 10–20 s (see LiveStreamBackoff).
            streams.ConfigureBackoffProvider((_, _) => (IQueueReaderBackoffProvider)new LiveStreamBackoff());
            streams.ConfigureBackoffProvider((_, _) => (IMessageDeliveryBackoffProvider)new LiveStreamBackoff());
            // Keep delivered batches seconds, not Orleans' 5–30 min: the queue cache holds every published batch in
            // 1 MiB blocks until evicted, which at 10k spans/s grew the silo by ~40 MiB a minute. Nobody rewinds
            // these streams (subscribers start at "now"), so a short window only bounds memory.
            streams.ConfigureCacheEviction(options => options.Configure(eviction =>
            {
                eviction.DataMinTimeInCache = CacheMinTime;
                eviction.DataMaxAgeInCache = CacheMaxAge;
                eviction.MetadataMinTimeInCache = CacheMaxAge * 2;
            }));
        });
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TraceSummaryLookup>();
        services.AddSingleton<LiveChangePublisher>();
        services.AddSingleton<IIngestCommitObserver>(sp => sp.GetRequiredService<LiveChangePublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<LiveChangePublisher>());
        return silo;
    }
}
