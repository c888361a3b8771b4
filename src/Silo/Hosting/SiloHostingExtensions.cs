using System.Net;
using Observatory.Grains;
using Observatory.Grains.Alerts;
using Observatory.Grains.Budgets;
using Observatory.Grains.Client;
using Observatory.Grains.Contracts;
using Observatory.Grains.Live;
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
            silo.Configure<ClusterMembershipOptions>(o => ConfigureMembership(o, configuration));
            // The live streams' subscriptions, kept in PostgreSQL so they outlive the silo that holds them (see LiveHostingExtensions).
            silo.AddAdoNetGrainStorage(LiveStreams.PubSubStore, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddObservatoryLiveStreams();
            silo.AddObservatoryBudgets();
            // Alert rules' grains keep a reminder (table OrleansRemindersTable, migration 0004) that brings them back after a restart.
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddObservatoryAlerts();
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

    /// <summary>
    /// Failure detection: a silo that stops answering probes is declared dead after <c>NumMissedProbesLimit</c> probes
    /// of <c>ProbeTimeout</c> each. Orleans' defaults (5 s) take 10–15 s; 2 s brings it to about 6 s, which an
    /// ingest call bounded by its own timeout and a policy served from cache ride out. Lower is possible on a quiet LAN,
    /// but a long GC pause on a 2-core box must not get a healthy silo voted out. Overridable under
    /// <c>Orleans:Membership</c> (any <see cref="ClusterMembershipOptions"/> property).
    /// </summary>
    public static void ConfigureMembership(ClusterMembershipOptions options, IConfiguration configuration)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        configuration.GetSection("Orleans:Membership").Bind(options);
    }

    private static IPAddress AdvertisedAddress(string? text) =>
        string.IsNullOrEmpty(text) ? IPAddress.Loopback : IPAddress.Parse(text);
}
