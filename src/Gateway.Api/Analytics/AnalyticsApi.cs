using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Analytics;

namespace Observatory.Gateway.Api.Analytics;

/// <summary>
/// Analytics for dashboards, all scoped to the caller's project: time series (<c>/metrics</c>), cost summary, attribution
/// and forecast (<c>/costs/*</c>), sessions and users, and a side-by-side model comparison. Every endpoint takes
/// <c>from</c>/<c>to</c> as ISO-8601 (half-open [from, to), at most 90 days apart); the default window ends now and is
/// 24 hours for metrics, cost summary, attribution and model comparison, 7 days for the session and user lists,
/// 30 days for one session or user and for the forecast's history. Model, provider and service numbers come from the
/// per-minute rollups (minute resolution, at most about a second behind ingest); user and session numbers come from the
/// trace summaries, where a call belongs to the user and session its trace named.
/// </summary>
public static partial class AnalyticsApi
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(90);
    private const int MaxTextLength = 256;

    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics", GetMetrics);
        api.MapGet("/metrics/otlp", GetOtlpMetric)
            .WithSummary("One OTLP instrument (GenAI, MCP) as time series: sums, gauge levels, histogram counts and percentiles")
            .Produces<OtlpMetricDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/metrics/otlp/instruments", ListOtlpInstruments)
            .WithSummary("The OTLP instruments stored for the project")
            .Produces<OtlpInstrumentListDto>();
        api.MapGet("/metrics/otlp/models", ListOtlpModels)
            .WithSummary("Per service and model, calls, tokens and latency as the GenAI metrics report them")
            .Produces<OtlpModelListDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/costs/summary", GetCostSummary);
        api.MapGet("/costs/attribution", GetCostAttribution);
        api.MapGet("/costs/forecast", GetCostForecast);
        api.MapGet("/sessions", ListSessions);
        api.MapGet("/sessions/{id}", GetSession);
        api.MapGet("/users", ListUsers);
        api.MapGet("/users/{id}", GetUser);
        api.MapGet("/models/compare", CompareModels);
        api.MapGet("/diagnostics/coverage", GetCoverage)
            .WithSummary("Cost coverage: per service and dialect, the share of model calls with a model, token counts and a cost, and why costs are unknown, with examples")
            .Produces<CoverageDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <summary>Parses <c>from</c>/<c>to</c>: missing ends default to [now − <paramref name="defaultSpan"/>, now).</summary>
    private static bool TryParseRange(
        IQueryCollection q, TimeProvider clock, TimeSpan defaultSpan, out DateTime from, out DateTime to, out string? error)
    {
        from = to = default;
        if (!Hosting.QueryParameters.TryParseTime(q["from"], "from", out var fromValue, out error) ||
            !Hosting.QueryParameters.TryParseTime(q["to"], "to", out var toValue, out error))
        {
            return false;
        }

        to = toValue ?? clock.GetUtcNow().UtcDateTime;
        from = fromValue ?? to - defaultSpan;
        if (from >= to)
        {
            error = "'from' must be before 'to'.";
            return false;
        }

        if (to - from > MaxRange)
        {
            error = $"'from' and 'to' may be at most {MaxRange.TotalDays:0} days apart.";
            return false;
        }

        return true;
    }

    /// <summary>A dimension name as the API spells it; null when unknown (the caller names the parameter in its 400).</summary>
    private static AnalyticsDimension? ParseDimension(string text) => text switch
    {
        "model" => AnalyticsDimension.Model,
        "provider" => AnalyticsDimension.Provider,
        "service" => AnalyticsDimension.Service,
        "user" => AnalyticsDimension.User,
        "session" => AnalyticsDimension.Session,
        "operation" => AnalyticsDimension.Operation,
        _ => null,
    };

    private static string DimensionName(AnalyticsDimension dimension) => dimension.ToString().ToLowerInvariant();

    /// <summary>An optional free-text parameter (an id or a name): null when absent; too long is an error.</summary>
    private static bool TryParseText(IQueryCollection q, string name, out string? value, out string? error)
    {
        value = q[name].ToString();
        error = null;
        if (value.Length == 0)
        {
            value = null;
            return true;
        }

        if (value.Length > MaxTextLength || value.Any(char.IsControl))
        {
            error = $"'{name}' must be at most {MaxTextLength} printable characters.";
            return false;
        }

        return true;
    }

    private static bool TryParseId(string id, string name, out string? error)
    {
        error = id.Length is 0 or > MaxTextLength || id.Any(char.IsControl)
            ? $"'{name}' must be 1 to {MaxTextLength} printable characters."
            : null;
        return error is null;
    }

    private static bool TryParseInt(IQueryCollection q, string name, int fallback, int min, int max, out int value, out string? error)
    {
        error = null;
        value = fallback;
        var text = q[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = $"'{name}' must be an integer between {min} and {max}, got '{text}'.";
        return false;
    }

    /// <summary>a / b, or null when b is 0.</summary>
    private static decimal? Ratio(decimal a, decimal b, int decimals = 6) => b == 0 ? null : Math.Round(a / b, decimals);
}
