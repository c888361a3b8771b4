using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Observatory.Grains.Client;

/// <summary>
/// The <c>cluster</c> part of <c>/health</c>. In a silo: its own membership status (healthy only while Active) and how
/// many silos the membership table holds active. In a gateway (an Orleans client): whether the cluster answers, and
/// with how many active silos; a gateway that cannot reach any silo is unhealthy, so a load balancer stops sending to it.
/// </summary>
public sealed class ClusterHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly TimeSpan ClientProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IClusterMembershipService>() is { } membership)
        {
            var snapshot = membership.CurrentSnapshot;
            var self = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var status = snapshot.GetSiloStatus(self);
            var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
            var data = new Dictionary<string, object> { ["silo"] = self.ToString(), ["status"] = status.ToString(), ["activeSilos"] = active };
            var description = $"silo {self} is {status}; {active} active silo(s)";
            return status == SiloStatus.Active ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Unhealthy(description, data: data);
        }

        try
        {
            var hosts = await services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0)
                .GetHosts(onlyActive: true).WaitAsync(ClientProbeTimeout, cancellationToken);
            var data = new Dictionary<string, object> { ["activeSilos"] = hosts.Count };
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"connected; {hosts.Count} active silo(s)", data)
                : HealthCheckResult.Unhealthy("connected, but no silo is active", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer: " + ex.Message, ex);
        }
    }
}

public static class ClusterHealthCheckExtensions
{
    public static IHealthChecksBuilder AddObservatoryCluster(this IHealthChecksBuilder checks) =>
        checks.AddCheck<ClusterHealthCheck>("cluster", HealthStatus.Unhealthy, timeout: TimeSpan.FromSeconds(3));
}
