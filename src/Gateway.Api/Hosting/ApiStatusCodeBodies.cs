using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>
/// Gives the API port's bodiless 404 (no such endpoint) and 405 (routing's answer to a wrong method, which already sets
/// <c>Allow</c>) the API's error shape, so a client reads every error the same way.
/// </summary>
public static class ApiStatusCodeBodies
{
    /// <summary>Goes after the query cache (<c>UseObservatoryEdge</c>), which starts the response of every GET it passes on.</summary>
    public static IApplicationBuilder UseApiErrorBodies(this IApplicationBuilder app)
    {
        var apiPort = app.ApplicationServices.GetRequiredService<IConfiguration>().ApiPort();
        return app.UseStatusCodePages(context => WriteAsync(context, apiPort));
    }

    private static Task WriteAsync(StatusCodeContext context, int apiPort)
    {
        var http = context.HttpContext;
        if (http.Connection.LocalPort != apiPort)
        {
            return Task.CompletedTask;
        }

        var request = http.Request;
        return http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.NotFound($"No endpoint {request.Method} {request.Path}; the API is described at /openapi/v1.json.").ExecuteAsync(http),
            StatusCodes.Status405MethodNotAllowed => ApiError.MethodNotAllowed(
                $"{request.Method} is not allowed on {request.Path}; allowed: {http.Response.Headers.Allow}.").ExecuteAsync(http),
            _ => Task.CompletedTask,
        };
    }
}
