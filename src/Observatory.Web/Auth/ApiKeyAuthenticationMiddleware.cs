using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Observatory.Core.Projects;

namespace Observatory.Web.Auth;

/// <summary>
/// Authenticates API keys (<c>Authorization: Bearer</c> or <c>x-api-key</c>; gRPC metadata arrive as the same headers)
/// and files the request under the key's project. Ingest paths need an ingest key, <c>/api/</c> paths a query key.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, IApiKeyLookup keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

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
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "unauthorized",
                "An API key is required: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
            return;
        }

        var record = ApiKeys.TryGetKeyId(presented) is { } keyId ? await FindAsync(keyId, context.RequestAborted) : null;
        if (record is null || !ApiKeys.Matches(presented, record))
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "The API key is not valid.");
            return;
        }

        if (record.IsRevoked)
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", $"The API key {record.KeyId} was revoked.");
            return;
        }

        if (surface == Surface.Ingest ? !record.AllowsIngest : !record.AllowsQuery)
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                $"The API key {record.KeyId} is a {record.Kind.ToString().ToLowerInvariant()} key; this endpoint needs a {(surface == Surface.Ingest ? "ingest" : "query")} key.");
            return;
        }

        context.SetProjectId(record.ProjectId);
        context.SetKeyId(record.KeyId);
        context.SetRole(record.Role);
        await next(context);
    }

    private async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(keyId, out var cached) && now - cached.FetchedAt < options.Value.KeyCacheDuration)
        {
            return cached.Record;
        }

        var record = await keys.FindAsync(keyId, ct);
        _cache[keyId] = (record, now);
        return record;
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
            || path.StartsWithSegments("/opentelemetry.proto.collector.logs.v1.LogsService"))
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
