using Microsoft.Extensions.Configuration;

namespace Observatory.Web.RateLimiting;

/// <summary>What a request is charged against: ingest (OTLP HTTP and gRPC) and query (REST) have separate buckets.</summary>
public enum RateLimitKind
{
    Ingest,
    Query,
}

/// <summary>A token bucket's size: <see cref="PerSecond"/> tokens refill every second, up to <see cref="Burst"/>.</summary>
public sealed record RateLimit(double PerSecond, int Burst)
{
    /// <summary>A limit of 0 (or less) per second switches limiting off for that kind.</summary>
    public bool Enabled => PerSecond > 0 && Burst > 0;
}

/// <summary>The <c>RateLimits</c> section: <c>RateLimits:Ingest:PerSecond</c>/<c>Burst</c> and <c>RateLimits:Query:PerSecond</c>/<c>Burst</c>.</summary>
public sealed record RateLimitOptions(RateLimit Ingest, RateLimit Query)
{
    public static readonly RateLimit DefaultIngest = new(2000, 4000);
    public static readonly RateLimit DefaultQuery = new(100, 200);

    public RateLimit For(RateLimitKind kind) => kind == RateLimitKind.Ingest ? Ingest : Query;

    public static RateLimitOptions From(IConfiguration configuration) => new(
        Read(configuration.GetSection("RateLimits:Ingest"), DefaultIngest),
        Read(configuration.GetSection("RateLimits:Query"), DefaultQuery));

    private static RateLimit Read(IConfigurationSection section, RateLimit defaults) =>
        new(section.GetValue("PerSecond", defaults.PerSecond), section.GetValue("Burst", defaults.Burst));
}
