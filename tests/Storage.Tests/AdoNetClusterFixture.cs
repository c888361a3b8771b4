using System.Reflection;
using Npgsql;
using Observatory.TestSupport;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Observatory.Storage.Tests;

/// <summary>
/// A migrated test database and a 2-silo in-process cluster whose membership, gateway discovery, grain
/// storage and reminders all go through the Orleans ADO.NET providers on it.
/// </summary>
public sealed class AdoNetClusterFixture : IAsyncLifetime
{
    public PostgresTestDatabase Database { get; private set; } = null!;
    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The providers' connection string. Its session time zone is deliberately not UTC, so a script
    /// that silently depended on the server's TimeZone would show up here.</summary>
    public string ConnectionString { get; private set; } = null!;

    public string ClusterId => Cluster.Options.ClusterId;
    public string ServiceId => Cluster.Options.ServiceId;

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Timezone = "Asia/Kolkata" }.ConnectionString;
        var cs = ConnectionString;

        var builder = new InProcessTestClusterBuilder(2);
        UseAdoNetMembershipOnly(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
            });
            silo.AddAdoNetGrainStorage("store", o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
            });
            silo.AddAdoNetGrainStorage("deleting", o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
                o.DeleteStateOnClear = true;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
            });
        });
        builder.ConfigureClient(client => client.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = cs;
        }));

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// InProcessTestClusterBuilder registers its own in-memory IMembershipTable (and gateway list) after the
    /// test's configuration, which would silently win over UseAdoNetClustering. The switch is internal in
    /// TestingHost 10.4.2, so turn it off by name and fail loudly if it ever moves.
    /// </summary>
    private static void UseAdoNetMembershipOnly(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                "InProcessTestClusterOptions.UseTestClusterMembership is gone: find the new way to keep the test cluster from using its in-memory membership.");
        property.SetValue(options, false);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
