using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.Models;
using Observatory.Gateway.Api.Traces;
using Observatory.Grains.Contracts;
using Observatory.Web;
using Observatory.Web.QueryCache;

namespace Observatory.Gateway.Api.Live;

/// <summary>
/// <c>GET /api/v1/live/traces</c> and <c>GET /api/v1/live/models</c>: Server-Sent Events fed by the project's live
/// streams. Each event's <c>data</c> is one JSON object: a trace in the shape of the trace list's items, or a model in
/// the shape of <c>/api/v1/models</c> items holding what that model's calls added in one second (plus <c>second</c>).
/// Never cached (a stream has no answer to keep); authenticated, scoped and rate-limited (one token per connection) like
/// every other query.
/// </summary>
public static class LiveApi
{
    public static RouteGroupBuilder MapLiveApi(this RouteGroupBuilder api)
    {
        var live = api.MapGroup("/live").WithoutQueryCache();
        live.MapGet("/traces", StreamTraces).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Server-Sent Events: each changed trace, in the shape of the trace list's items; the list's filters apply.");
        live.MapGet("/models", StreamModels).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Server-Sent Events: per second, what each model's calls added, in the shape of /api/v1/models items plus 'second'.");
        return api;
    }

    private static async Task<IResult> StreamTraces(
        HttpContext context, LiveHub hub, LiveOptions options, LiveTraceMatcher matcher, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        IHostApplicationLifetime lifetime)
    {
        if (!TraceFilterParser.TryFromQuery(context.Request.Query, [], out var filter, out var error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        using var subscription = await hub.SubscribeAsync<LiveTraceBatch>(LiveStreams.Traces(project), options.SubscriberBuffer, context.RequestAborted);
        await ServerSentEvents.RunAsync(context, subscription, options, lifetime.ApplicationStopping, async (batches, ct) =>
        {
            // The newest summary of each trace wins; a trace changed twice in the buffer is sent once.
            var latest = new Dictionary<string, Core.Traces.TraceSummary>(StringComparer.Ordinal);
            foreach (var trace in batches.SelectMany(b => b.Traces))
            {
                latest[trace.TraceId] = trace;
            }

            var matching = filter is null ? null : await matcher.MatchingAsync(project, filter, latest.Values, ct);
            return latest.Values.Where(t => matching?.Contains(t.TraceId) != false)
                .Select(t => JsonSerializer.Serialize(TraceSummaryDto.From(t), json.Value.SerializerOptions));
        });
        return Results.Empty;
    }

    private static readonly string[] ModelFilters = ["service", "provider", "model"];

    private static async Task<IResult> StreamModels(
        HttpContext context, LiveHub hub, LiveOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        var q = context.Request.Query;
        if (q.Keys.FirstOrDefault(k => !ModelFilters.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            return ApiError.BadRequest($"Unknown query parameter '{unknown}'; /live/models takes {string.Join(", ", ModelFilters)}.");
        }

        string? Text(string name) => string.IsNullOrEmpty(q[name]) ? null : q[name].ToString();
        var (service, provider, model) = (Text("service"), Text("provider"), Text("model"));
        using var subscription = await hub.SubscribeAsync<LiveModelDeltas>(
            LiveStreams.Models(context.ProjectId()), options.SubscriberBuffer, context.RequestAborted);
        await ServerSentEvents.RunAsync(context, subscription, options, lifetime.ApplicationStopping, (events, _) =>
            Task.FromResult(events.SelectMany(e => Render(e, service, provider, model, json.Value.SerializerOptions))));
        return Results.Empty;
    }

    /// <summary>One event per model (services merged, or only the asked one): the second's usage in the models list's shape.</summary>
    private static IEnumerable<string> Render(LiveModelDeltas deltas, string? service, string? provider, string? model, JsonSerializerOptions json)
    {
        var matching = deltas.Models.Where(d =>
            (service is null || d.Service == service) && (provider is null || d.Provider == provider) && (model is null || d.Model == model));
        foreach (var group in matching.GroupBy(d => new ModelId(d.Provider, d.Model)).OrderBy(g => g.Key.Provider).ThenBy(g => g.Key.Model))
        {
            var usage = new ModelUsage();
            foreach (var delta in group)
            {
                usage.Merge(ModelUsage.Restore(delta.Counters, LatencySketch.FromBytes(delta.Latency), LatencySketch.FromBytes(delta.TimeToFirstToken)));
            }

            var item = JsonSerializer.SerializeToNode(ModelStatsDto.From(ModelStatsReply.From(group.Key, usage)), json)!.AsObject();
            item["second"] = JsonValue.Create(deltas.Second);
            yield return item.ToJsonString(json);
        }
    }
}
