using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Observatory.Web.Health;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"healthy"|"degraded",...}</c> while every check that matters passes, 503 when one
/// fails; each check with its status, a description (e.g. the silo's membership status) and the error.
/// </summary>
public static class HealthApi
{
    public static IEndpointConventionBuilder MapObservatoryHealth(this IEndpointRouteBuilder endpoints, string pattern = "/health") =>
        endpoints.MapHealthChecks(pattern, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        });

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString().ToLowerInvariant(),
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description, error = e.Value.Exception?.Message }),
            ["timestamp"] = DateTime.UtcNow,
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
