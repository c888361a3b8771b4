using Microsoft.Extensions.Configuration;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// What a request is charged against: ingest (OTLP HTTP and gRPC) and query (REST) have separate buckets per caller;
/// <see cref="Unauthenticated"/> is the client address's bucket for missing or wrong keys and for key lookups.
/// </summary>
public enum RateLimitKind
{
    Ingest,
    Query,
    Unauthenticated,
}

/// <summary>A token bucket's size: <see cref="PerSecond"/> tokens refill every second, up to <see cref="Burst"/>.</summary>
public sealed record RateLimit(double PerSecond, int Burst)
{
    /// <summary>A limit of 0 (or less) per second switches limiting off for that kind.</summary>
    public bool Enabled => PerSecond > 0 && Burst > 0;
}

/// <summary>
/// The <c>RateLimits</c> section: <c>RateLimits:Ingest</c>, <c>RateLimits:Query</c> and
/// <c>RateLimits:Unauthenticated</c>, each with <c>PerSecond</c> and <c>Burst</c>.
/// </summary>
public sealed record RateLimitOptions(RateLimit Ingest, RateLimit Query, RateLimit Unauthenticated)
{
    public static readonly RateLimit DefaultIngest = new(2000, 4000);
    public static readonly RateLimit DefaultQuery = new(100, 200);

    /// <summary>Enough for a process to look up a few hundred valid keys at once; a guesser gets 10 tries a second.</summary>
    public static readonly RateLimit DefaultUnauthenticated = new(10, 200);

    public RateLimit For(RateLimitKind kind) => kind switch
    {
        RateLimitKind.Ingest => Ingest,
        RateLimitKind.Query => Query,
        _ => Unauthenticated,
    };

    public static RateLimitOptions From(IConfiguration configuration) => new(
        Read(configuration.GetSection("RateLimits:Ingest"), DefaultIngest),
        Read(configuration.GetSection("RateLimits:Query"), DefaultQuery),
        Read(configuration.GetSection("RateLimits:Unauthenticated"), DefaultUnauthenticated));

    private static RateLimit Read(IConfigurationSection section, RateLimit defaults) =>
        new(section.GetValue("PerSecond", defaults.PerSecond), section.GetValue("Burst", defaults.Burst));
}
