using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Observatory.Core.Ingest;
using Observatory.Grains.Contracts;
using Orleans.Configuration;

namespace Observatory.Grains.Client;

/// <summary>Joins a gateway process to the silo cluster as an Orleans client, found through the ADO.NET membership table.</summary>
public static class ClusterClientExtensions
{
    public static IHostApplicationBuilder UseObservatoryClusterClient(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Observatory")
            ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set.");
        builder.Services.AddObservatorySerialization();
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            })
            .Configure<ClusterOptions>(o => configuration.BindClusterOptions(o))
            // A grain call from a gateway answers in milliseconds, or its silo has just died: 10 s (Orleans' default is
            // 30 s) turns a call stuck on a dead silo into a 503 with Retry-After while the grain moves.
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = configuration.GetValue("Orleans:ResponseTimeout", TimeSpan.FromSeconds(10))));
        return builder;
    }

    /// <summary>ClusterId and ServiceId from the <c>Orleans</c> section; both default to "observatory".</summary>
    public static void BindClusterOptions(this IConfiguration configuration, ClusterOptions options)
    {
        options.ClusterId = configuration["Orleans:ClusterId"] ?? "observatory";
        options.ServiceId = configuration["Orleans:ServiceId"] ?? "observatory";
    }

    /// <summary>Registers the cached, grain-backed <see cref="IProjectPolicySource"/> (once, however often called).</summary>
    public static IServiceCollection AddProjectPolicySource(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainProjectPolicySource>();
        services.TryAddSingleton<IProjectPolicySource>(sp => sp.GetRequiredService<GrainProjectPolicySource>());
        return services;
    }

    /// <summary>Registers the <see cref="ISpanIngestor"/>, <see cref="ILogIngestor"/> and metric ingestor that gateways use to reach the cluster.</summary>
    public static IServiceCollection AddGrainIngestors(this IServiceCollection services)
    {
        services.AddSingleton<GrainIngestor>();
        services.AddProjectPolicySource();

        services.AddSingleton<ISpanIngestor>(sp => sp.GetRequiredService<GrainIngestor>());
        services.AddSingleton<ILogIngestor>(sp => sp.GetRequiredService<GrainIngestor>());
        services.AddSingleton<Observatory.Core.Metrics.IMetricIngestor>(sp => sp.GetRequiredService<GrainIngestor>());
        return services;
    }
}
