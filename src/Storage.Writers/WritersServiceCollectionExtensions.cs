using Microsoft.Extensions.DependencyInjection;
using Observatory.Storage.Logs;
using Observatory.Storage.Metrics;
using Observatory.Storage.Pricing;
using Observatory.Storage.Spans;

namespace Observatory.Storage;

/// <summary>The write side: only silos write spans, logs, summaries and rollups (gateways never reference this project).</summary>
public static class WritersServiceCollectionExtensions
{
    public static IServiceCollection AddObservatoryWriters(this IServiceCollection services, SpanWriterOptions? options = null)
    {
        services.AddSingleton(options ?? new SpanWriterOptions());
        services.AddSingleton<SpanWriter>();
        services.AddSingleton<LogEventWriter>();
        services.AddSingleton<MetricPointWriter>();
        services.AddSingleton<RecostQueries>();
        services.AddSingleton<Scores.ScoreWriter>();
        return services;
    }
}
