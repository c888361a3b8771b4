using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Observatory.Web.Telemetry;

/// <summary>
/// Self-metrics in the Prometheus text format at <c>GET /metrics</c>, through OpenTelemetry .NET: the product's own
/// meters (edges and storage writers), health checks as gauges, ASP.NET Core and Kestrel, the .NET runtime, Orleans
/// (activations per grain type among them) and Npgsql. Open like <c>/health</c> (counts, no data).
/// </summary>
public static class MetricsHostingExtensions
{
    private static readonly string[] Meters =
    [
        ObservatoryMetrics.MeterName,
        "Observatory.Storage", // StorageMetrics.MeterName: the writers' meter (this project does not reference Storage)
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime", "System.Net.Http",
        "Microsoft.Orleans",
        "Npgsql",
    ];

    public static IServiceCollection AddObservatoryMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        // Health as gauges: the checks run on this period (the first soon after start), not on each scrape.
        services.AddSingleton<IHealthCheckPublisher, HealthMetricsPublisher>();
        services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15)));
        return services;
    }

    /// <summary>Maps <c>/metrics</c>; <paramref name="host"/> (e.g. <c>*:8081</c>) keeps it to one port of a process that has several.</summary>
    public static IEndpointConventionBuilder MapObservatoryMetrics(this IEndpointRouteBuilder endpoints, string? host = null)
    {
        var endpoint = endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return host is null ? endpoint : endpoint.RequireHost(host);
    }
}
