using Microsoft.AspNetCore.Http;
using Observatory.Core.Rollups;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.Traces;
using Observatory.Storage.Analytics;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    private const int TopLimit = 5;

    /// <summary>
    /// <c>GET /api/v1/costs/summary?from&amp;to</c> (default last 24 h): totals (cost, calls, tokens by kind), the previous
    /// period of equal length and the change against it, and the top 5 models, services, users and traces by cost. Token
    /// kinds are reported as counted; cost is the total only, since a call's cost is not stored per token kind.
    /// </summary>
    private static async Task<IResult> GetCostSummary(HttpContext context, CostQueries costs, TimeProvider clock, CancellationToken ct)
    {
        if (!TryParseRange(context.Request.Query, clock, TimeSpan.FromHours(24), out var from, out var to, out var error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        var previousFrom = from - (to - from);
        // Six independent queries, each on its own pooled connection: the summary takes as long as the slowest, not the sum.
        var currentTask = costs.TotalsAsync(project, from, to, ct);
        var previousTask = costs.TotalsAsync(project, previousFrom, from, ct);
        var modelsTask = costs.AttributeAsync(project, AnalyticsDimension.Model, from, to, TopLimit, ct);
        var servicesTask = costs.AttributeAsync(project, AnalyticsDimension.Service, from, to, TopLimit, ct);
        var usersTask = costs.AttributeAsync(project, AnalyticsDimension.User, from, to, TopLimit + 1, ct);
        var tracesTask = costs.TopTracesAsync(project, from, to, TopLimit, ct);
        await Task.WhenAll(currentTask, previousTask, modelsTask, servicesTask, usersTask, tracesTask);
        var (current, previous, models) = (await currentTask, await previousTask, await modelsTask);
        var (services, users, traces) = (await servicesTask, await usersTask, await tracesTask);

        var currentTotals = CostTotalsDto.From(current);
        var previousTotals = CostTotalsDto.From(previous);
        return Results.Ok(new CostSummaryDto(
            from, to, currentTotals,
            new PreviousPeriodDto(previousFrom, from, previousTotals.CostUsd, previousTotals.Requests, previousTotals.Tokens.Total),
            new CostChangeDto(
                ChangeDto.Of(currentTotals.CostUsd, previousTotals.CostUsd),
                ChangeDto.Of(currentTotals.Requests, previousTotals.Requests),
                ChangeDto.Of(currentTotals.Tokens.Total, previousTotals.Tokens.Total)),
            models.Rows.Select(r => AttributionRowDto.From(r, models.TotalCostUsd)).ToList(),
            services.Rows.Select(r => AttributionRowDto.From(r, services.TotalCostUsd)).ToList(),
            // Calls without a user are not a user: they stay out of the top users (attribution shows them as key null).
            users.Rows.Where(r => r.Key is not null).Take(TopLimit).Select(r => AttributionRowDto.From(r, users.TotalCostUsd)).ToList(),
            traces.Select(TraceSummaryDto.From).ToList()));
    }

    /// <summary>
    /// <c>GET /api/v1/costs/attribution?dimension=user|session|service|model|provider&amp;from&amp;to&amp;limit</c> (default last
    /// 24 h, limit 20, at most 1000): rows <c>{key, costUsd, requests, inputTokens, outputTokens, share}</c> by cost, most
    /// first; <c>share</c> is of the total cost of every key in the range; a null key holds calls without that dimension.
    /// </summary>
    private static async Task<IResult> GetCostAttribution(HttpContext context, CostQueries costs, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        var dimensionName = q["dimension"].ToString();
        var dimension = ParseDimension(dimensionName);
        if (dimension is null or AnalyticsDimension.Operation)
        {
            return ApiError.BadRequest($"'dimension' must be one of user, session, service, model, provider; got '{dimensionName}'.");
        }

        if (!TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out var error) ||
            !TryParseInt(q, "limit", 20, 1, 1000, out var limit, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var result = await costs.AttributeAsync(context.ProjectId(), dimension.Value, from, to, limit, ct);
        return Results.Ok(new AttributionDto(
            DimensionName(dimension.Value), from, to, result.TotalCostUsd, result.Rows.Select(r => AttributionRowDto.From(r, result.TotalCostUsd)).ToList()));
    }

    /// <summary>
    /// <c>GET /api/v1/costs/forecast?from&amp;to&amp;horizonDays=7</c> (history default: the last 30 days; horizon 1–90):
    /// cost per UTC day over the history (days without calls count as 0), a least-squares line through it, and for each
    /// day of the horizon the trend value with a 95% prediction band (see <see cref="CostTrend"/>). The history must cover at least 2 days.
    /// </summary>
    private static async Task<IResult> GetCostForecast(HttpContext context, CostQueries costs, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseRange(q, clock, TimeSpan.FromDays(30), out var from, out var to, out var error) ||
            !TryParseInt(q, "horizonDays", 7, 1, 90, out var horizon, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var firstDay = DateOnly.FromDateTime(from);
        var lastDay = DateOnly.FromDateTime(to.AddTicks(-1));
        if (lastDay.DayNumber - firstDay.DayNumber < 1)
        {
            return ApiError.BadRequest("'from' and 'to' must cover at least 2 UTC days for a forecast.");
        }

        var daily = (await costs.DailyCostAsync(context.ProjectId(), from, to, ct)).ToDictionary(d => d.Day, d => d.CostUsd);
        var history = Enumerable.Range(0, lastDay.DayNumber - firstDay.DayNumber + 1)
            .Select(i => firstDay.AddDays(i))
            .Select(day => new DailyCostDto(day, daily.GetValueOrDefault(day)))
            .ToList();
        var trend = CostTrend.Fit(history.Select(d => (double)d.CostUsd).ToList());
        var forecast = Enumerable.Range(history.Count, horizon)
            .Select(x =>
            {
                var p = trend.Predict(x);
                return new ForecastPointDto(
                    firstDay.AddDays(x), Round(Math.Max(0, p.Value)), p.Lower is { } l ? Round(Math.Max(0, l)) : null, p.Upper is { } u ? Round(u) : null);
            })
            .ToList();
        return Results.Ok(new CostForecastDto(
            from, to, horizon, history, forecast,
            new TrendDto(Round(trend.Slope), Round(trend.Intercept), trend.RSquared is { } r2 ? Math.Round(r2, 6) : null),
            forecast.Sum(f => f.CostUsd)));
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 9);
}

/// <summary>Token counts by kind: input includes cache reads and writes (as the conventions count it), output includes reasoning.</summary>
public sealed record TokenKindsDto(long Input, long InputUncached, long CacheRead, long CacheWrite, long Output, long Reasoning, long Total);

/// <summary>Totals of a period: cost, model calls, errors, calls that reported no usage, and tokens by kind.</summary>
public sealed record CostTotalsDto(decimal CostUsd, long Requests, long Errors, long CallsWithoutUsage, TokenKindsDto Tokens)
{
    public static CostTotalsDto From(ModelUsageCounters c) => new(
        c.CostUsd, c.RequestCount, c.ErrorCount, c.CallsWithoutUsage,
        new TokenKindsDto(
            c.InputTokens, Math.Max(0, c.InputTokens - c.CacheReadTokens - c.CacheWriteTokens), c.CacheReadTokens, c.CacheWriteTokens,
            c.OutputTokens, c.ReasoningTokens, c.InputTokens + c.OutputTokens));
}

/// <summary>The period before [from, to) of the same length.</summary>
public sealed record PreviousPeriodDto(DateTime From, DateTime To, decimal CostUsd, long Requests, long Tokens);

/// <summary>Current minus previous, and that as a percentage of previous (null when previous was 0).</summary>
public sealed record ChangeDto(decimal Absolute, decimal? Percent)
{
    public static ChangeDto Of(decimal current, decimal previous) =>
        new(current - previous, previous == 0 ? null : Math.Round((current - previous) / previous * 100, 4));
}

/// <summary>Changes of cost, calls and tokens against the previous period.</summary>
public sealed record CostChangeDto(ChangeDto CostUsd, ChangeDto Requests, ChangeDto Tokens);

/// <summary><c>GET /api/v1/costs/summary</c>.</summary>
public sealed record CostSummaryDto(
    DateTime From, DateTime To, CostTotalsDto Totals, PreviousPeriodDto Previous, CostChangeDto Change,
    IReadOnlyList<AttributionRowDto> TopModels, IReadOnlyList<AttributionRowDto> TopServices, IReadOnlyList<AttributionRowDto> TopUsers,
    IReadOnlyList<TraceSummaryDto> TopTraces);

/// <summary>Cost attributed to one key; <see cref="Share"/> is its fraction (0–1) of the total cost.</summary>
public sealed record AttributionRowDto(string? Key, decimal CostUsd, long Requests, long InputTokens, long OutputTokens, decimal Share)
{
    public static AttributionRowDto From(AttributionRow r, decimal total) =>
        new(r.Key, r.CostUsd, r.Requests, r.InputTokens, r.OutputTokens, total == 0 ? 0 : Math.Round(r.CostUsd / total, 6));
}

/// <summary><c>GET /api/v1/costs/attribution</c>.</summary>
public sealed record AttributionDto(string Dimension, DateTime From, DateTime To, decimal TotalCostUsd, IReadOnlyList<AttributionRowDto> Data);

/// <summary>Cost of one UTC day.</summary>
public sealed record DailyCostDto(DateOnly Date, decimal CostUsd);

/// <summary>A forecast day: trend value and 95% band (floored at 0; null with fewer than 3 days of history).</summary>
public sealed record ForecastPointDto(DateOnly Date, decimal CostUsd, decimal? Lower, decimal? Upper);

/// <summary>The fitted line: cost = intercept + slope × (days since the first history day); R² null when the history is flat.</summary>
public sealed record TrendDto(decimal SlopeUsdPerDay, decimal InterceptUsd, double? RSquared);

/// <summary><c>GET /api/v1/costs/forecast</c>.</summary>
public sealed record CostForecastDto(
    DateTime From, DateTime To, int HorizonDays, IReadOnlyList<DailyCostDto> History, IReadOnlyList<ForecastPointDto> Forecast,
    TrendDto Trend, decimal TotalForecastUsd);
