using Microsoft.AspNetCore.Http;
using Observatory.Web.Auth;
using Observatory.Web.Redis;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// Charges a request to its caller's bucket: the project and API key, or the project and client IP without a key;
/// ingest and query apart; unauthenticated requests by client IP alone. In Redis when it is usable (limits hold across
/// processes), locally otherwise.
/// </summary>
public sealed class CallerRateLimiter(ObservatoryRedis redis, LocalRateLimiter local, RateLimitOptions options)
{
    public RateLimitOptions Options => options;

    /// <summary>
    /// Which bucket a request belongs to, or null when it is not limited (health, dashboard, unknown routes). The API
    /// routes that ingest keys may call (the budget checks) are charged to the ingest bucket: an app or gateway checks
    /// before each call it is about to make, at its call rate, which the query bucket (sized for dashboards) would refuse.
    /// </summary>
    public static RateLimitKind? Classify(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/v1"))
        {
            return IngestKeysAllowed.On(context) ? RateLimitKind.Ingest : RateLimitKind.Query;
        }

        if (path.StartsWithSegments("/v1") || IsGrpc(context.Request))
        {
            return RateLimitKind.Ingest;
        }

        return null;
    }

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller part of a bucket key: <c>{project}:key:{keyId}</c> or <c>{project}:ip:{address}</c>.</summary>
    public static string CallerKey(HttpContext context) =>
        context.KeyId() is { } keyId
            ? $"{context.ProjectId()}:key:{keyId}"
            : $"{context.ProjectId()}:ip:{ClientAddress(context)}";

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public async ValueTask<RateLimitDecision> TakeAsync(RateLimitKind kind, HttpContext context)
    {
        var limit = options.For(kind);
        var key = kind switch
        {
            RateLimitKind.Ingest => $"rl:ingest:{CallerKey(context)}",
            RateLimitKind.Query => $"rl:query:{CallerKey(context)}",
            _ => $"rl:unauth:ip:{ClientAddress(context)}",
        };
        if (redis.TryGetDatabase() is { } database)
        {
            try
            {
                return await RedisRateLimiter.TakeAsync(database, redis.KeyPrefix + key, limit);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                redis.ReportFailure(ex);
            }
        }

        return local.Take(key, limit);
    }
}
