using Microsoft.AspNetCore.Http;
using Observatory.Core.Rollups;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.Models;
using Observatory.Storage.Analytics;
using Observatory.Storage.Scores;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    /// <summary>
    /// <c>GET /api/v1/models/compare?models=a,b,…&amp;from&amp;to</c> (2–10 distinct model names as stored, i.e. the response
    /// model; default last 24 h): per model its calls, error rate, latency and time-to-first-token percentiles merged from
    /// the stored sketches, and cost and tokens per call (averaged over the calls that reported usage); plus the
    /// <c>fastest</c> (lowest p50 latency), <c>cheapest</c> (lowest cost per call) and <c>mostReliable</c> (lowest error rate,
    /// then most calls) among models with calls — null when none had any.
    /// </summary>
    private static async Task<IResult> CompareModels(
        HttpContext context, MetricsQueries queries, ScoreQueries scoreQueries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        var names = q["models"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (names.Count is < 2 or > 10 || names.Any(n => n.Length > MaxTextLength || n.Any(char.IsControl)))
        {
            return ApiError.BadRequest($"'models' must list 2 to 10 distinct model names separated by commas, got '{q["models"]}'.");
        }

        if (!TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out var error))
        {
            return ApiError.BadRequest(error!);
        }

        var usage = await queries.ModelUsageAsync(context.ProjectId(), names, from, to, ct);
        var scores = (await scoreQueries.MeansByModelAsync(context.ProjectId(), names, from, to, ct)).ToLookup(m => m.Model);
        var models = names.Select(name => ModelComparisonDto.From(name, usage.GetValueOrDefault(name) ?? new ModelUsage()) with
        {
            Scores = scores[name].Select(ModelScoreDto.From).ToList(),
        }).ToList();
        var measured = models.Where(m => m.Requests > 0).ToList();
        return Results.Ok(new ModelComparisonListDto(
            from, to, models,
            measured.Where(m => m.LatencyMs.P50 is not null).OrderBy(m => m.LatencyMs.P50).ThenBy(m => m.Model, StringComparer.Ordinal).FirstOrDefault()?.Model,
            measured.Where(m => m.AvgCostPerCallUsd is not null).OrderBy(m => m.AvgCostPerCallUsd).ThenBy(m => m.Model, StringComparer.Ordinal).FirstOrDefault()?.Model,
            measured.OrderBy(m => m.ErrorRate).ThenByDescending(m => m.Requests).ThenBy(m => m.Model, StringComparer.Ordinal).FirstOrDefault()?.Model));
    }
}

/// <summary>One model side by side with others; per-call figures are null when no call reported usage.</summary>
public sealed record ModelComparisonDto(
    string Model, long Requests, long Errors, decimal? ErrorRate, long CallsWithoutUsage, PercentilesDto LatencyMs, PercentilesDto TtftMs,
    decimal CostUsd, decimal? AvgCostPerCallUsd, decimal? AvgInputTokensPerCall, decimal? AvgOutputTokensPerCall, decimal? AvgTokensPerCall)
{
    public static ModelComparisonDto From(string model, ModelUsage u)
    {
        decimal withUsage = u.RequestCount - u.CallsWithoutUsage;
        return new(
            model, u.RequestCount, u.ErrorCount, u.RequestCount == 0 ? null : Math.Round((decimal)u.ErrorCount / u.RequestCount, 6),
            u.CallsWithoutUsage,
            new PercentilesDto(u.Latency.Quantile(0.5), u.Latency.Quantile(0.95), u.Latency.Quantile(0.99)),
            new PercentilesDto(u.TimeToFirstToken.Quantile(0.5), u.TimeToFirstToken.Quantile(0.95), u.TimeToFirstToken.Quantile(0.99)),
            u.CostUsd,
            withUsage == 0 ? null : Math.Round(u.CostUsd / withUsage, 9),
            withUsage == 0 ? null : Math.Round(u.InputTokens / withUsage, 3),
            withUsage == 0 ? null : Math.Round(u.OutputTokens / withUsage, 3),
            withUsage == 0 ? null : Math.Round((u.InputTokens + u.OutputTokens) / withUsage, 3));
    }

    /// <summary>Per score name, the mean of this model's scores in the range (evaluations and feedback).</summary>
    public IReadOnlyList<ModelScoreDto> Scores { get; init; } = [];
}

/// <summary>A model's scores of one name: how many, how many had a value, and the mean value (null when none had one).</summary>
public sealed record ModelScoreDto(string Name, long Count, long ValueCount, double? Mean)
{
    public static ModelScoreDto From(ModelScoreMean m) => new(m.Name, m.Count, m.ValueCount, m.Mean is { } v ? Math.Round(v, 9) : null);
}

/// <summary><c>GET /api/v1/models/compare</c>.</summary>
public sealed record ModelComparisonListDto(
    DateTime From, DateTime To, IReadOnlyList<ModelComparisonDto> Models, string? Fastest, string? Cheapest, string? MostReliable);
