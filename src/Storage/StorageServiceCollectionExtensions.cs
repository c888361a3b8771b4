using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Observatory.Storage.Budgets;
using Observatory.Storage.Projects;
using Observatory.Storage.Rollups;
using Observatory.Storage.Traces;

namespace Observatory.Storage;

/// <summary>Registers the PostgreSQL data source and the read side: queries, project and key stores. Writers live in Storage.Writers.</summary>
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
        services.AddSingleton<Analytics.MetricsQueries>();
        services.AddSingleton<Analytics.CostQueries>();
        services.AddSingleton<Analytics.ActivityQueries>();
        services.AddSingleton<Analytics.CoverageQueries>();
        services.AddSingleton<Metrics.OtlpMetricQueries>();
        services.AddSingleton<BudgetStore>();
        services.AddSingleton<BudgetSpendQuery>();
        services.AddSingleton<Alerts.AlertStore>();
        services.AddSingleton<Alerts.AlertWindowQuery>();
        services.AddSingleton<Analytics.AgentToolQueries>();
        services.AddSingleton<Scores.ScoreQueries>();
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
}
