using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Observatory.Web.Redis;

/// <summary>
/// The <c>redis</c> health check: healthy when Redis answers a PING, degraded (not unhealthy) otherwise, because
/// without Redis the service still answers, with local rate limits and no query cache.
/// </summary>
public sealed class RedisHealthCheck(ObservatoryRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.PingAsync();
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Redis is down: no query cache, rate limits are per process", ex);
        }
    }
}
