using System.Globalization;
using Microsoft.AspNetCore.Http;
using Observatory.Web.RateLimiting;
using Observatory.Web.Telemetry;

namespace Observatory.Web.Otlp;

/// <summary>
/// The answer to an OTLP export the edge cannot take before the gateway sees it (its API key cannot be checked while
/// the database is down): 503 with <c>Retry-After</c> and an UNAVAILABLE google.rpc.Status on OTLP/HTTP, a
/// trailers-only UNAVAILABLE on gRPC, both codes exporters retry, and counted as a failed export of its signal and
/// transport like the gateway's own 503s. Without it the failure escaped as a 500, which exporters drop.
/// </summary>
public static class OtlpUnavailableAnswer
{
    /// <summary>Seconds an exporter is asked to wait: the key store is the database, which an outage keeps away for a while.</summary>
    public const int RetryAfterSeconds = 1;

    public static Task WriteAsync(HttpContext context, string message)
    {
        var grpc = CallerRateLimiter.IsGrpc(context.Request);
        // Nothing was decoded yet, so the export counts with zero items; its outcome stays Failed.
        using var failed = OtlpExportMetrics.Measure(OtlpExportMetrics.SignalOf(context.Request.Path), grpc ? "grpc" : "http");
        var response = context.Response;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (!grpc)
        {
            return OtlpErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, RpcCodes.Unavailable, message);
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = RpcCodes.Unavailable.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
