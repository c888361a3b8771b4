using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Core.Projects;
using Observatory.Web.Otlp;
using Observatory.Web.RateLimiting;
using Observatory.Web.Telemetry;

namespace Observatory.Web.Auth;

/// <summary>
/// Authenticates API keys (<c>Authorization: Bearer</c> or <c>x-api-key</c>; gRPC metadata arrive as the same headers)
/// and files the request under the key's project. Ingest paths need an ingest key, <c>/api/</c> paths a query key.
/// A missing or wrong key, and every key lookup the <see cref="ApiKeyCache"/> cannot answer, costs a token of the client
/// address's bucket first (<see cref="RateLimitKind.Unauthenticated"/>): a guesser gets 429 with <c>Retry-After</c>
/// before any database lookup, while callers with a known key pay nothing. An export whose key cannot be looked up
/// (the database is down) gets a retryable 503 / UNAVAILABLE (<see cref="OtlpUnavailableAnswer"/>); on the query API the
/// failure goes on to the host's exception handler.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, ApiKeyCache keys, CallerRateLimiter limiter, IOptions<AuthOptions> options,
    ILogger<ApiKeyAuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var surface = SurfaceOf(context.Request.Path);
        if (!options.Value.RequiresKeys || surface == Surface.Open)
        {
            await next(context);
            return;
        }

        var presented = PresentedKey(context.Request);
        if (presented is null)
        {
            await RefuseAsync(context, charged: false, "missing", "An API key is required: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
            return;
        }

        ApiKeyRecord? record = null;
        var charged = false;
        if (ApiKeys.TryGetKeyId(presented) is { } keyId)
        {
            var cached = keys.Peek(keyId);
            if (cached.Known)
            {
                record = cached.Record;
            }
            else
            {
                charged = true;
                if (!await TakeAddressTokenAsync(context))
                {
                    return;
                }

                try
                {
                    record = await keys.LookUpAsync(keyId, context.RequestAborted);
                }
                catch (Exception ex) when (surface == Surface.Ingest && !context.RequestAborted.IsCancellationRequested)
                {
                    // Not an unknown key (that is null): the store did not answer. The exporter must retry, not drop the batch.
                    logger.LogWarning(ex, "The API key of an export to {Path} could not be looked up; answered unavailable", context.Request.Path);
                    await OtlpUnavailableAnswer.WriteAsync(context, "The API key could not be checked: the key store is unavailable; retry later.");
                    return;
                }
            }
        }

        if (record is null || !ApiKeys.Matches(presented, record))
        {
            await RefuseAsync(context, charged, "invalid", "The API key is not valid.");
            return;
        }

        if (record.IsRevoked)
        {
            await RefuseAsync(context, charged, "revoked", $"The API key {record.KeyId} was revoked.");
            return;
        }

        if (surface == Surface.Ingest ? !record.AllowsIngest : !record.AllowsQuery && !(record.AllowsIngest && IngestKeysAllowed.On(context)))
        {
            ObservatoryMetrics.AuthRejected.Add(1, ObservatoryMetrics.Tag("reason", "kind"));
            await RejectAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                $"The API key {record.KeyId} is a {record.Kind.ToString().ToLowerInvariant()} key; this endpoint needs a {(surface == Surface.Ingest ? "ingest" : "query")} key.");
            return;
        }

        context.SetProjectId(record.ProjectId);
        context.SetKeyId(record.KeyId);
        context.SetRole(record.Role);
        context.SetKeyKind(record.Kind);
        await next(context);
    }

    /// <summary>A 401, charged to the client address unless the lookup already was; 429 once the address's bucket is empty.</summary>
    private async Task RefuseAsync(HttpContext context, bool charged, string reason, string message)
    {
        ObservatoryMetrics.AuthRejected.Add(1, ObservatoryMetrics.Tag("reason", reason));
        if (charged || await TakeAddressTokenAsync(context))
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", message);
        }
    }

    /// <summary>Takes a token of the client address's bucket; answers 429 and returns false when there is none.</summary>
    private async Task<bool> TakeAddressTokenAsync(HttpContext context)
    {
        var limit = limiter.Options.Unauthenticated;
        if (!limit.Enabled)
        {
            return true;
        }

        var decision = await limiter.TakeAsync(RateLimitKind.Unauthenticated, context);
        if (decision.Allowed)
        {
            return true;
        }

        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await RateLimitRejection.WriteAsync(context, RateLimitKind.Unauthenticated,
            $"too many requests without a valid API key from this address (limit {limit.PerSecond:0.###}/s, burst {limit.Burst}); retry after {decision.RetryAfterSeconds} s");
        return false;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["x-api-key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    private static Surface SurfaceOf(PathString path)
    {
        if (path.StartsWithSegments("/v1") || path.StartsWithSegments("/opentelemetry.proto.collector.trace.v1.TraceService")
            || path.StartsWithSegments("/opentelemetry.proto.collector.logs.v1.LogsService")
            || path.StartsWithSegments("/opentelemetry.proto.collector.metrics.v1.MetricsService"))
        {
            return Surface.Ingest;
        }

        return path.StartsWithSegments("/api") ? Surface.Query : Surface.Open;
    }

    private static Task RejectAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            // gRPC clients read the status from headers: UNAUTHENTICATED (16) or PERMISSION_DENIED (7).
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = status == StatusCodes.Status401Unauthorized ? "16" : "7";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message } }));
    }

    private enum Surface
    {
        Open,
        Ingest,
        Query,
    }
}
