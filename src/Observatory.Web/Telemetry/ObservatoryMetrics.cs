using System.Diagnostics.Metrics;

namespace Observatory.Web.Telemetry;

/// <summary>
/// The product's own instruments, on one meter (<see cref="MeterName"/>) that every process exports on <c>/metrics</c>.
/// Instruments are static, like the runtime's own: a process has one meter, whichever edges it hosts.
/// </summary>
public static class ObservatoryMetrics
{
    public const string MeterName = "Observatory";

    internal static readonly Meter Meter = new(MeterName);

    /// <summary>Requests answered 429, by <c>kind</c> (ingest, query, unauthenticated).</summary>
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "observatory.rate_limited", unit: "{request}", description: "Requests refused with 429 by a token bucket.");

    /// <summary>Requests refused by authentication, by <c>reason</c> (missing, invalid, revoked, kind).</summary>
    public static readonly Counter<long> AuthRejected = Meter.CreateCounter<long>(
        "observatory.auth.rejected", unit: "{request}", description: "Requests refused for a missing, wrong, revoked or wrong-kind API key.");

    /// <summary>Key lookups that reached the database (each one missed the in-process key cache).</summary>
    public static readonly Counter<long> KeyLookups = Meter.CreateCounter<long>(
        "observatory.auth.key_lookups", unit: "{lookup}", description: "API key lookups that went to the database.");

    public static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
