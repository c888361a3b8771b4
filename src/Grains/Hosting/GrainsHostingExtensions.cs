using Microsoft.Extensions.DependencyInjection;
using Observatory.Grains.Contracts;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Observatory.Grains;

/// <summary>Silo-side wiring of the grains.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>What a silo needs to host the grains, besides storage (see Storage's AddObservatoryWriters).</summary>
    public static ISiloBuilder AddObservatoryGrains(this ISiloBuilder silo)
    {
        silo.Services.AddObservatorySerialization();
        // Check for idle grains every 15 s, so idle activations leave memory soon after their age limit.
        silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(15));
        return silo;
    }
}
