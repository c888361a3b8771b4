using System.Collections.Concurrent;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// Token buckets in this process, used while Redis is not configured or down: the limits still hold, per process.
/// Buckets that have refilled completely are dropped, since a full bucket is the same as none.
/// </summary>
public sealed class LocalRateLimiter(TimeProvider time)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, (TokenBucket Bucket, RateLimit Limit)> _buckets = new(StringComparer.Ordinal);

    public RateLimitDecision Take(string key, RateLimit limit)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_buckets.Count > SweepThreshold)
        {
            Sweep(now);
        }

        var entry = _buckets.GetOrAdd(key, _ => (new TokenBucket(limit.Burst, now), limit));
        lock (entry.Bucket)
        {
            var allowed = entry.Bucket.TryTake(limit, now);
            return RateLimitDecision.From(allowed, entry.Bucket.Tokens, limit);
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, entry) in _buckets)
        {
            lock (entry.Bucket)
            {
                if (entry.Bucket.IsFullAt(entry.Limit, now))
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }
}
