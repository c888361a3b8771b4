using Microsoft.AspNetCore.Http;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Analytics;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    /// <summary>At most this many bins per series (a week of minutes).</summary>
    public const int MaxBins = 10_080;

    /// <summary>
    /// <c>GET /api/v1/metrics?metric=requests|errors|tokens|cost|latency|ttft&amp;interval=1m|5m|1h|1d&amp;groupBy=model|provider|service|user|session|operation&amp;from&amp;to&amp;model&amp;provider&amp;service&amp;user&amp;session&amp;operation</c>
    /// (defaults: requests, 1h, ungrouped, last 24 h). Answers <c>{metric, interval, groupBy, from, to, series:[{group, points}]}</c>;
    /// counters give points <c>{time, value}</c>; tokens give <c>{time, value, input, output, cacheRead, cacheWrite, reasoning}</c>
    /// with value = input + output (the kinds overlap: input includes the cache reads and writes, output the reasoning);
    /// latency and ttft give <c>{time, p50, p95, p99, count}</c>
    /// in milliseconds from merged sketches (±1%). Bins are aligned to the Unix epoch in UTC; empty bins are omitted.
    /// </summary>
    private static async Task<IResult> GetMetrics(HttpContext context, MetricsQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        var metric = q["metric"].ToString() is { Length: > 0 } m ? m : "requests";
        if (metric is not ("requests" or "errors" or "tokens" or "cost" or "latency" or "ttft"))
        {
            return ApiError.BadRequest($"'metric' must be one of requests, errors, tokens, cost, latency, ttft; got '{metric}'.");
        }

        var intervalName = q["interval"].ToString() is { Length: > 0 } i ? i : "1h";
        TimeSpan? interval = intervalName switch
        {
            "1m" => TimeSpan.FromMinutes(1),
            "5m" => TimeSpan.FromMinutes(5),
            "1h" => TimeSpan.FromHours(1),
            "1d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (interval is null)
        {
            return ApiError.BadRequest($"'interval' must be one of 1m, 5m, 1h, 1d; got '{intervalName}'.");
        }

        var groupByName = q["groupBy"].ToString();
        var groupBy = groupByName.Length == 0 ? null : ParseDimension(groupByName);
        if (groupByName.Length > 0 && groupBy is null)
        {
            return ApiError.BadRequest($"'groupBy' must be one of model, provider, service, user, session, operation; got '{groupByName}'.");
        }

        if (!TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out var error) ||
            !TryParseText(q, "model", out var model, out error) ||
            !TryParseText(q, "provider", out var provider, out error) ||
            !TryParseText(q, "service", out var service, out error) ||
            !TryParseText(q, "user", out var user, out error) ||
            !TryParseText(q, "session", out var session, out error) ||
            !TryParseText(q, "operation", out var operation, out error))
        {
            return ApiError.BadRequest(error!);
        }

        if ((to - from) / interval.Value > MaxBins)
        {
            return ApiError.BadRequest($"'interval' {intervalName} gives more than {MaxBins} points over this range: choose a larger interval or a shorter range.");
        }

        var query = new MetricSeriesQuery(
            context.ProjectId(), from, to, interval.Value, groupBy, new MetricFilters(model, provider, service, user, session, operation));
        var groupName = groupBy is { } g ? DimensionName(g) : null;
        if (metric is "latency" or "ttft")
        {
            var sketches = await queries.SketchesAsync(query, metric == "ttft", ct);
            var series = sketches
                .GroupBy(p => p.Group)
                .Select(s => new MetricSeriesDto<PercentilePointDto>(s.Key, s.Select(p => new PercentilePointDto(
                    p.Time, p.Sketch.Quantile(0.5)!.Value, p.Sketch.Quantile(0.95)!.Value, p.Sketch.Quantile(0.99)!.Value, p.Sketch.Count)).ToList()))
                .ToList();
            return Results.Ok(new MetricsDto<PercentilePointDto>(metric, intervalName, groupName, from, to, series));
        }

        var counters = await queries.CountersAsync(query, ct);
        if (metric == "tokens")
        {
            var tokenSeries = counters
                .GroupBy(p => p.Group)
                .Select(s => new MetricSeriesDto<TokenPointDto>(s.Key, s.Select(p => TokenPointDto.From(p.Time, p.Tokens)).ToList()))
                .ToList();
            return Results.Ok(new MetricsDto<TokenPointDto>(metric, intervalName, groupName, from, to, tokenSeries));
        }

        var valueSeries = counters
            .GroupBy(p => p.Group)
            .Select(s => new MetricSeriesDto<ValuePointDto>(s.Key, s.Select(p => new ValuePointDto(p.Time, metric switch
            {
                "requests" => p.Requests,
                "errors" => p.Errors,
                _ => p.CostUsd,
            })).ToList()))
            .ToList();
        return Results.Ok(new MetricsDto<ValuePointDto>(metric, intervalName, groupName, from, to, valueSeries));
    }
}
