using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Observatory.Web.Redis;
using StackExchange.Redis;

namespace Observatory.Web.QueryCache;

/// <summary>
/// Caches 200 answers to <c>GET /api/v1/*</c> in Redis for <c>QueryCache:TtlSeconds</c>, keyed by the caller's project
/// and role, the path and the sorted query string; endpoints marked <see cref="NoQueryCache"/> and the configured
/// excluded paths are never cached. Every answer carries a strong <c>ETag</c> (also when freshly computed or when
/// Redis is down), <c>Cache-Control: private, max-age=ttl</c> and <c>X-Cache: hit|miss</c> (<c>bypass</c> when the
/// body was too large to hold); a matching <c>If-None-Match</c> gets 304. A successful write to the API (any other
/// method) moves the project's generation on, which retires its cached answers at once. Runs after authentication and
/// authorization, so a cached answer only ever reaches a caller who would get it fresh.
/// </summary>
public sealed class QueryCacheMiddleware(RequestDelegate next, ObservatoryRedis redis, QueryCacheOptions options)
{
    private static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!options.Enabled || !request.Path.StartsWithSegments("/api/v1") || HttpMethods.IsHead(request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<NoQueryCache>() is not null || IsExcluded(request.Path))
        {
            await next(context);
            return;
        }

        var project = context.ProjectId();
        var generationKey = $"{redis.KeyPrefix}qc:{project}:gen";
        if (!HttpMethods.IsGet(request.Method))
        {
            await next(context);
            if (context.Response.StatusCode is >= 200 and < 300 && !IsSearch(request))
            {
                RetireProjectAnswers(generationKey);
            }

            return;
        }

        // The role is part of the key: today no GET answers differently by role, but one that does can never leak upwards.
        var entryKey = $"{redis.KeyPrefix}qc:{project}:{context.Role().ToString().ToLowerInvariant()}:{RequestHash(request)}";
        var database = redis.TryGetDatabase();
        long generation = 0;
        if (database is not null)
        {
            try
            {
                var values = await database.StringGetAsync([entryKey, generationKey]);
                generation = values[1].IsNull ? 0 : (long)values[1];
                if (!values[0].IsNull && !NoCache(request) && CachedAnswer.Unpack((byte[])values[0]!) is { } cached && cached.Generation == generation)
                {
                    await WriteAnswerAsync(context, cached, "hit");
                    return;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                redis.ReportFailure(ex);
                database = null;
            }
        }

        var answer = await ComputeAsync(context, generation);
        if (answer is null)
        {
            return;
        }

        if (database is not null)
        {
            Store(database, entryKey, answer);
        }

        await WriteAnswerAsync(context, answer, "miss");
    }

    /// <summary>Runs the endpoint into a held buffer; returns the answer when it is a cacheable 200, else passes the response on and returns null.</summary>
    private async Task<CachedAnswer?> ComputeAsync(HttpContext context, long generation)
    {
        var response = context.Response;
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var capture = new CaptureStream(original.Stream, options.MaxBodyBytes, () => response.Headers["X-Cache"] = "bypass");
        var captureFeature = new StreamResponseBodyFeature(capture, original);
        context.Features.Set<IHttpResponseBodyFeature>(captureFeature);
        try
        {
            await next(context);
            await captureFeature.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        if (capture.Held is not { } held)
        {
            return null;
        }

        var body = held.GetBuffer().AsMemory(0, (int)held.Length);
        if (response.StatusCode != StatusCodes.Status200OK)
        {
            await original.Stream.WriteAsync(body);
            return null;
        }

        return new CachedAnswer(generation, CachedAnswer.ETagOf(body.Span), response.ContentType, body);
    }

    private async Task WriteAnswerAsync(HttpContext context, CachedAnswer answer, string cacheStatus)
    {
        var response = context.Response;
        response.Headers.ETag = answer.ETag;
        response.Headers.CacheControl = $"private, max-age={options.TtlSeconds.ToString(CultureInfo.InvariantCulture)}";
        response.Headers["X-Cache"] = cacheStatus;
        if (Matches(context.Request.Headers.IfNoneMatch, answer.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.ContentLength = null;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body);
    }

    private void Store(IDatabase database, string entryKey, CachedAnswer answer) =>
        // Fire and forget: the caller does not wait on the write, and a failed write only costs a later miss.
        database.StringSet(entryKey, answer.Pack(), TimeSpan.FromSeconds(options.TtlSeconds), flags: CommandFlags.FireAndForget);

    private void RetireProjectAnswers(string generationKey)
    {
        if (redis.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            database.StringIncrement(generationKey, flags: CommandFlags.FireAndForget);
            database.KeyExpire(generationKey, GenerationLifetime, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
        }
    }

    private bool IsExcluded(PathString path)
    {
        foreach (var excluded in options.ExcludedPaths)
        {
            var childrenOnly = excluded.EndsWith("/*", StringComparison.Ordinal);
            var prefix = childrenOnly ? excluded[..^2] : excluded;
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest) && (!childrenOnly || rest.HasValue && rest.Value != "/"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The path and the query parameters sorted by name then value, hashed: the same question asked in any order finds one entry.</summary>
    internal static string RequestHash(HttpRequest request)
    {
        var text = new StringBuilder(request.Path.Value ?? "/");
        var separator = '?';
        foreach (var (name, values) in request.Query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A POST to a <c>…/search</c> endpoint only reads (a filter too large for a query string): no write to retire answers for.</summary>
    private static bool IsSearch(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is { } path && path.TrimEnd('/').EndsWith("/search", StringComparison.OrdinalIgnoreCase);

    private static bool NoCache(HttpRequest request) =>
        request.Headers.CacheControl.Any(v => v is not null && v.Contains("no-cache", StringComparison.OrdinalIgnoreCase));

    /// <summary>If-None-Match uses the weak comparison: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches anything.</summary>
    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
