using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Gateway.Api.Hosting;
using Observatory.Grains.Contracts;
using Observatory.Web;

namespace Observatory.Gateway.Api.Models;

/// <summary>Per-model usage: asked of the model grains, which merge their live buckets with the stored rollups.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models", ListModels);
        return api;
    }

    private static async Task<IResult> ListModels(HttpRequest request, IGrainFactory grains, TimeProvider clock)
    {
        var q = request.Query;
        if (!QueryParameters.TryParseTime(q["from"], "from", out var from, out var error) ||
            !QueryParameters.TryParseTime(q["to"], "to", out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var end = to ?? clock.GetUtcNow().UtcDateTime.AddMinutes(1);
        var start = from ?? end.AddHours(-24).AddMinutes(-1);
        if (start >= end)
        {
            return ApiError.BadRequest("'from' must be before 'to'.");
        }

        var service = string.IsNullOrEmpty(q["service"]) ? null : q["service"].ToString();
        var project = request.HttpContext.ProjectId();
        var models = await grains.GetGrain<IModelDirectoryGrain>(project).List();
        var stats = await Task.WhenAll(models.Select(m =>
            grains.GetGrain<IModelGrain>(GrainKeys.Model(project, m)).GetStats(start, end, service)));
        var data = stats
            .Where(s => s.RequestCount > 0)
            .OrderByDescending(s => s.CostUsd).ThenByDescending(s => s.RequestCount)
            .Select(ModelStatsDto.From)
            .ToList();
        return Results.Ok(new ModelListDto(data));
    }
}

/// <summary><c>GET /api/v1/models</c>.</summary>
public sealed record ModelListDto(IReadOnlyList<ModelStatsDto> Data);

/// <summary>Usage of one model; provider and model are null when the spans did not say.</summary>
public sealed record ModelStatsDto(
    string? Provider, string? Model, long RequestCount, long ErrorCount, long CallsWithoutUsage, long InputTokens,
    long OutputTokens, long CacheReadTokens, long CacheWriteTokens, long ReasoningTokens, decimal CostUsd,
    PercentilesDto LatencyMs, PercentilesDto TtftMs)
{
    public static ModelStatsDto From(ModelStatsReply s) => new(
        s.Provider == "" ? null : s.Provider, s.Model == "" ? null : s.Model, s.RequestCount, s.ErrorCount, s.CallsWithoutUsage,
        s.InputTokens, s.OutputTokens, s.CacheReadTokens, s.CacheWriteTokens, s.ReasoningTokens, s.CostUsd,
        new PercentilesDto(s.LatencyP50, s.LatencyP95, s.LatencyP99), new PercentilesDto(s.TtftP50, s.TtftP95, s.TtftP99));
}

/// <summary>Percentiles in milliseconds, from the merged sketches (about 1% relative accuracy); null when nothing was measured.</summary>
public sealed record PercentilesDto(double? P50, double? P95, double? P99);
