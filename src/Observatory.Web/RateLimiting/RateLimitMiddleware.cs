using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// Charges every ingest and query request to its caller's token bucket, sets <c>X-RateLimit-Limit</c>,
/// <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> (seconds until the bucket is full) on the response, and
/// answers 429 with <c>Retry-After</c> when the bucket is empty. Runs after authentication: the bucket is the key's.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, CallerRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (CallerRateLimiter.Classify(context) is not { } kind || !limiter.Options.For(kind).Enabled || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }

        var decision = await limiter.TakeAsync(kind, context);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var message = $"{(kind == RateLimitKind.Ingest ? "ingest" : "query")} rate limit of {limiter.Options.For(kind).PerSecond:0.###} requests/s " +
                      $"(burst {decision.Limit}) exceeded; retry after {decision.RetryAfterSeconds} s";
        await RateLimitRejection.WriteAsync(context, kind, message);
    }
}
