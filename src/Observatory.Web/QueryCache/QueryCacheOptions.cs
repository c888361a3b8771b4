using Microsoft.Extensions.Configuration;

namespace Observatory.Web.QueryCache;

/// <summary>
/// The <c>QueryCache</c> section. <c>TtlSeconds</c> (default 5) is the freshness bound: data ingested while an answer
/// is cached shows up at most that long after it was acknowledged. Writes through the API (PUT, POST, DELETE) end the
/// project's cached answers at once.
/// </summary>
public sealed record QueryCacheOptions(bool Enabled, int TtlSeconds, int MaxBodyBytes, IReadOnlyList<string> ExcludedPaths)
{
    public static QueryCacheOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("QueryCache");
        // Live answers stay live: model stats and a trace's view come from grains and a primary-key read, so a cache
        // would only make them up to TtlSeconds old. "/x/*" excludes what is below /x but not /x itself (the trace list).
        var excluded = section["ExcludedPaths"] ?? "/api/v1/export,/api/v1/exports,/api/v1/models,/api/v1/traces/*";
        return new QueryCacheOptions(
            section.GetValue("Enabled", true),
            Math.Max(1, section.GetValue("TtlSeconds", 5)),
            section.GetValue("MaxBodyBytes", 1 << 20),
            excluded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
