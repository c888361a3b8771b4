using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Otlp.Hosting;
using Observatory.Web.Otlp;

namespace Observatory.Gateway.Otlp.Http;

/// <summary>
/// Gives the OTLP/HTTP port's bodiless 404 (an unknown path, e.g. <c>/v1/metrics</c>) and 405 (routing's answer to a
/// method other than POST, which already sets <c>Allow</c>) the google.rpc.Status body of every other OTLP error.
/// Installed as a startup filter by <see cref="OtlpGatewayExtensions.AddOtlpGateway"/>, so it wraps the whole pipeline.
/// </summary>
internal sealed class OtlpStatusCodeBodies(IOptions<OtlpGatewayOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var httpPort = options.Value.HttpPort;
        app.UseStatusCodePages(context => WriteAsync(context, httpPort));
        next(app);
    };

    private static Task WriteAsync(StatusCodeContext context, int httpPort)
    {
        var http = context.HttpContext;
        if (http.Connection.LocalPort != httpPort)
        {
            return Task.CompletedTask;
        }

        var request = http.Request;
        if (http.Response.StatusCode == StatusCodes.Status404NotFound && !HttpMethods.IsPost(request.Method)
            && (request.Path == OtlpHttpEndpoint.TracesPath || request.Path == OtlpHttpEndpoint.LogsPath))
        {
            // gRPC's catch-all for unknown services takes any method, so routing answers 404 where it means 405.
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = HttpMethods.Post;
        }

        return http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => OtlpErrorResponse.WriteAsync(http, StatusCodes.Status404NotFound, RpcCodes.NotFound,
                $"no OTLP endpoint at {request.Path}: this receiver takes POST {OtlpHttpEndpoint.TracesPath} and POST {OtlpHttpEndpoint.LogsPath}"),
            StatusCodes.Status405MethodNotAllowed => OtlpErrorResponse.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, RpcCodes.Unimplemented,
                $"{request.Method} is not allowed on {request.Path}; allowed: {http.Response.Headers.Allow}"),
            _ => Task.CompletedTask,
        };
    }
}
