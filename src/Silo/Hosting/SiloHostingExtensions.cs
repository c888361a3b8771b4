using System.Net;
using Observatory.Grains;
using Observatory.Grains.Contracts;
using Observatory.Grains.Live;
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
            // The live streams' subscriptions, kept in PostgreSQL so they outlive the silo that holds them (see LiveHostingExtensions).
            silo.AddAdoNetGrainStorage(LiveStreams.PubSubStore, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddObservatoryLiveStreams();
            silo.AddDashboard();
            silo.AddObservatoryGrains();
        });
        return builder;
    }

    private static IPAddress AdvertisedAddress(string? text) =>
        string.IsNullOrEmpty(text) ? IPAddress.Loopback : IPAddress.Parse(text);
}
