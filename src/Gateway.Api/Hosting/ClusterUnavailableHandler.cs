using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>
/// A grain call the cluster could not serve (its silo just died, the call timed out, no gateway is reachable) is a 503
/// with <c>Retry-After</c>: during a failover the grain comes back on another silo within seconds, so the dashboard
/// should retry rather than show a server error.
/// </summary>
public sealed class ClusterUnavailableHandler : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsClusterFailure(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiError.Unavailable("The cluster could not answer this (a silo may be failing over): retry shortly.").ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Orleans runtime failures and grain-call timeouts, also when wrapped; not errors the grains themselves raised.</summary>
    public static bool IsClusterFailure(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is OrleansException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
