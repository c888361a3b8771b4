using System.Globalization;
using Microsoft.AspNetCore.Http;
using Observatory.Web.Otlp;
using Observatory.Web.Telemetry;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// The 429 each edge speaks: the REST API's <c>{"error":{"code":"rate_limited",...}}</c>; on OTLP/HTTP a
/// google.rpc.Status with RESOURCE_EXHAUSTED in the request's encoding (<see cref="OtlpErrorResponse"/>, the OTLP
/// gateway's own error writer); on gRPC a trailers-only RESOURCE_EXHAUSTED.
/// </summary>
public static class RateLimitRejection
{
    public static Task WriteAsync(HttpContext context, RateLimitKind kind, string message)
    {
        ObservatoryMetrics.RateLimited.Add(1, ObservatoryMetrics.Tag("kind", kind.ToString().ToLowerInvariant()));
        var response = context.Response;
        if (CallerRateLimiter.IsGrpc(context.Request))
        {
            // Trailers-only response: the status travels in the headers, as gRPC servers answer a call they refuse outright.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = RpcCodes.ResourceExhausted.ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            return response.WriteAsJsonAsync(new { error = new { code = "rate_limited", message } });
        }

        return OtlpErrorResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, RpcCodes.ResourceExhausted, message);
    }
}
