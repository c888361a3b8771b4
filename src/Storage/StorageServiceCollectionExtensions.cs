using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Observatory.Storage.Logs;
using Observatory.Storage.Pricing;
using Observatory.Storage.Projects;
using Observatory.Storage.Rollups;
using Observatory.Storage.Spans;
using Observatory.Storage.Traces;

namespace Observatory.Storage;

/// <summary>Registers the PostgreSQL data source, the writers (silo side) and the read queries (API side).</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddObservatoryStorage(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithDefaults(connectionString)));
        services.AddSingleton<TraceQueries>();
        services.AddSingleton<RollupStore>();
        services.AddSingleton<ProjectPolicyStore>();
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<Core.Projects.IApiKeyLookup>(sp => sp.GetRequiredService<ProjectStore>());
        services.AddSingleton<RecostQueries>();
        services.AddSingleton<Analytics.MetricsQueries>();
        services.AddSingleton<Analytics.CostQueries>();
        services.AddSingleton<Analytics.ActivityQueries>();
        return services;
    }

    /// <summary>Prepares the few statements the hot paths repeat, unless the operator chose otherwise.</summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        return builder.ConnectionString;
    }

    /// <summary>The write side: only silos write.</summary>
    public static IServiceCollection AddObservatoryWriters(this IServiceCollection services, SpanWriterOptions? options = null)
    {
        services.AddSingleton(options ?? new SpanWriterOptions());
        services.AddSingleton<SpanWriter>();
        services.AddSingleton<LogEventWriter>();
        return services;
    }
}
