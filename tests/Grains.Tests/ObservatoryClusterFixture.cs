using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Observatory.Grains.Contracts;
using Observatory.Storage;
using Observatory.Storage.Spans;
using Observatory.TestSupport;
using Orleans.TestingHost;

namespace Observatory.Grains.Tests;

/// <summary>
/// A migrated test database and an in-process cluster (2 silos unless a subclass says otherwise) wired like the production silo for everything the grains
/// touch: the product's PostgreSQL storage and writers, the JSON serialization of Core types (silos and client), and
/// the grain storage named <see cref="GrainStorageNames.Default"/> (in memory here: the ADO.NET providers are tested in
/// Storage.Tests). One per test class; tests keep apart by using their own project id.
/// </summary>
public class ObservatoryClusterFixture : IAsyncLifetime
{
    public PostgresTestDatabase Database { get; private set; } = null!;
    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>For the tests' own queries of the product tables.</summary>
    public NpgsqlDataSource Sql { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();
        Sql = NpgsqlDataSource.Create(Database.ConnectionString);
        var cs = Database.ConnectionString;

        var builder = new InProcessTestClusterBuilder((short)InitialSilos);
        builder.ConfigureSilo((_, silo) =>
        {
            // Mirrors SiloHostingExtensions.UseObservatorySilo + ObservatoryApp for the grain-relevant parts.
            silo.Services.AddObservatoryStorage(cs);
            silo.Services.AddObservatoryWriters(WriterOptions);
            silo.AddObservatoryGrains();
            ConfigureGrainStorage(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddObservatorySerialization();
            ConfigureClient(client);
        });

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Silos started with the cluster.</summary>
    protected virtual int InitialSilos => 2;

    /// <summary>The span writer's tuning; fault-injecting fixtures add their faults.</summary>
    protected virtual SpanWriterOptions WriterOptions => new();

    /// <summary>More client configuration, e.g. a shorter response timeout.</summary>
    protected virtual void ConfigureClient(IClientBuilder client)
    {
    }

    /// <summary>The grain storage named <see cref="GrainStorageNames.Default"/>; fault-injecting fixtures replace it.</summary>
    protected virtual void ConfigureGrainStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(GrainStorageNames.Default);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Sql is not null)
        {
            await Sql.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
