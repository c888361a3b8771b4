using System.Net;
using Observatory.Grains;
using Observatory.Grains.Client;
using Observatory.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Observatory.Silo.Hosting;

/// <summary>The Orleans silo: ADO.NET clustering and grain storage on the product's PostgreSQL database.</summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder UseObservatorySilo(this IHostApplicationBuilder builder, string connectionString)
    {
        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => configuration.BindClusterOptions(o));
            silo.ConfigureEndpoints(
                AdvertisedAddress(configuration["Orleans:AdvertisedIP"]),
                configuration.GetValue("Orleans:SiloPort", 11111),
                configuration.GetValue("Orleans:GatewayPort", 30000),
                listenOnAnyHostAddress: configuration.GetValue("Orleans:ListenOnAnyHostAddress", false));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(GrainStorageNames.Default, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddDashboard();
            silo.AddObservatoryGrains();
        });
        return builder;
    }

    /// <summary>
    /// What a silo-mode process needs besides the silo itself: the read side of storage its grains use and the checks
    /// of its own <c>/health</c> (database, membership). All-in-one gets these through the API's wiring instead.
    /// </summary>
    public static IServiceCollection AddSiloOnlyServices(this IServiceCollection services, string connectionString)
    {
        services.AddObservatoryStorage(connectionString);
        services.AddHealthChecks().AddNpgSql(name: "database", timeout: TimeSpan.FromSeconds(3)).AddObservatoryCluster();
        return services;
    }

    private static IPAddress AdvertisedAddress(string? text) =>
        string.IsNullOrEmpty(text) ? IPAddress.Loopback : IPAddress.Parse(text);
}
