using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Observatory.Web.Telemetry;

/// <summary>
/// The process's health checks (database, redis, cluster — whichever it registers) as the gauge
/// <c>observatory.health.status</c> by <c>check</c>: 1 healthy, 0.5 degraded, 0 unhealthy. The health check service runs
/// the checks on its publisher period and hands the report here, so a scrape never waits on a check.
/// </summary>
public sealed class HealthMetricsPublisher : IHealthCheckPublisher
{
    private static readonly ConcurrentDictionary<string, double> Latest = new();

    static HealthMetricsPublisher() =>
        ObservatoryMetrics.Meter.CreateObservableGauge("observatory.health.status",
            () => Latest.Select(entry => new Measurement<double>(entry.Value, new KeyValuePair<string, object?>("check", entry.Key))),
            description: "Latest health check result by check: 1 healthy, 0.5 degraded, 0 unhealthy.");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            Latest[name] = entry.Status switch
            {
                HealthStatus.Healthy => 1,
                HealthStatus.Degraded => 0.5,
                _ => 0,
            };
        }

        return Task.CompletedTask;
    }
}
