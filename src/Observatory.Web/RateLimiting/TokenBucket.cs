namespace Observatory.Web.RateLimiting;

/// <summary>
/// The outcome of taking one token: whether the request may go on, and what the <c>X-RateLimit-*</c> headers say.
/// <see cref="ResetSeconds"/> is how long until the bucket is full again; <see cref="RetryAfterSeconds"/> how long
/// until the next token (0 when allowed).
/// </summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds, int RetryAfterSeconds)
{
    /// <summary>The decision for a bucket that holds <paramref name="tokens"/> after the request was (or was not) charged.</summary>
    public static RateLimitDecision From(bool allowed, double tokens, RateLimit limit)
    {
        var reset = (int)Math.Ceiling(Math.Max(0, limit.Burst - tokens) / limit.PerSecond);
        var retryAfter = allowed ? 0 : Math.Max(1, (int)Math.Ceiling((1 - tokens) / limit.PerSecond));
        return new RateLimitDecision(allowed, limit.Burst, Math.Max(0, (int)Math.Floor(tokens)), reset, retryAfter);
    }
}

/// <summary>
/// Token-bucket arithmetic, the same as the Redis script's: refill by elapsed time, cap at the burst, take one token
/// when there is a whole one. Not thread-safe: callers lock.
/// </summary>
internal sealed class TokenBucket(double tokens, long updatedMs)
{
    public double Tokens { get; private set; } = tokens;
    public long UpdatedMs { get; private set; } = updatedMs;

    public bool TryTake(RateLimit limit, long nowMs)
    {
        Tokens = Math.Min(limit.Burst, Tokens + (Math.Max(0, nowMs - UpdatedMs) * limit.PerSecond / 1000.0));
        UpdatedMs = Math.Max(UpdatedMs, nowMs);
        if (Tokens < 1)
        {
            return false;
        }

        Tokens -= 1;
        return true;
    }

    public bool IsFullAt(RateLimit limit, long nowMs) =>
        Tokens + (Math.Max(0, nowMs - UpdatedMs) * limit.PerSecond / 1000.0) >= limit.Burst;
}
