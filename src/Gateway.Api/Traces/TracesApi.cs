using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Traces;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Storage.Scores;
using Observatory.Storage.Traces;
using Observatory.Web;

namespace Observatory.Gateway.Api.Traces;

/// <summary>Trace list and trace view, read straight from PostgreSQL.</summary>
public static class TracesApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapTracesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/traces", ListTraces);
        // The body is read by TraceSearchBody (size limit, 400s that name the offending path); AcceptsJsonBody describes it.
        api.MapPost("/traces/search", SearchTraces).AcceptsJsonBody<TraceSearchRequest>();
        api.MapGet("/traces/{traceId}", GetTrace)
            .WithSummary("One trace: its summary and its spans, each LLM span with its facts, cost and what priced it (llm.pricing); " +
                "agent, tool and MCP spans with their identity, agent and workflow spans with their own and inclusive usage (rollup)")
            .Produces<TraceDetailDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static readonly string[] ListParameters = ["limit", "cursor"];

    private static async Task<IResult> ListTraces(HttpContext httpContext, TraceQueries queries, CancellationToken ct)
    {
        var q = httpContext.Request.Query;
        if (!QueryParameters.TryParseLimit(q["limit"], 50, MaxLimit, out var limit, out var error) ||
            !TryParseCursor(q["cursor"].ToString(), out var cursor, out error) ||
            !TraceFilterParser.TryFromQuery(q, ListParameters, out var filter, out error))
        {
            return ApiError.BadRequest(error!);
        }

        return await ListAsync(httpContext, queries, filter, limit, cursor, ct);
    }

    /// <summary><c>POST /api/v1/traces/search</c>: <c>{"filter": node, "limit": n, "cursor": "…"}</c>, answered like the list.</summary>
    private static async Task<IResult> SearchTraces(HttpContext httpContext, TraceQueries queries, CancellationToken ct)
    {
        var (body, problem) = await TraceSearchBody.ReadAsync(httpContext.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await ListAsync(httpContext, queries, body!.Filter, body.Limit, body.Cursor, ct);
    }

    private static async Task<IResult> ListAsync(
        HttpContext httpContext, TraceQueries queries, TraceFilter? filter, int limit, TraceCursor? cursor, CancellationToken ct)
    {
        var page = await queries.ListAsync(new TraceListQuery
        {
            ProjectId = httpContext.ProjectId(),
            Filter = filter,
            Limit = limit,
            After = cursor,
        }, ct);
        return Results.Ok(new TraceListDto(page.Traces.Select(TraceSummaryDto.From).ToList(), page.Next?.Encode()));
    }

    internal static bool TryParseCursor(string text, out TraceCursor? cursor, out string? error)
    {
        cursor = TraceCursor.TryDecode(text);
        error = text.Length > 0 && cursor is null ? "'cursor' is not a cursor this API returned." : null;
        return error is null;
    }

    private static async Task<IResult> GetTrace(
        string traceId, HttpContext httpContext, TraceQueries queries, ScoreQueries scoreQueries, CancellationToken ct)
    {
        if (!QueryParameters.TryParseTraceId(traceId, out var id))
        {
            return ApiError.BadRequest($"'traceId' must be 32 hex characters, got '{traceId}'.");
        }

        var project = httpContext.ProjectId();
        var spans = await queries.GetSpansAsync(project, id, ct);
        if (spans.Count == 0)
        {
            return ApiError.NotFound($"No trace with id {id}.");
        }

        // The summary comes from the same spans the response shows, so the two always agree.
        var summary = new TraceSummaryAccumulator(id);
        foreach (var span in spans)
        {
            summary.Add(span.ToFacts());
        }

        var logEvents = (await queries.GetLogEventsAsync(project, id, ct)).ToLookup(e => e.SpanId);
        var agents = new AgentTraceView(spans);
        var scores = await scoreQueries.GetForTraceAsync(project, id, ct);
        var spanIds = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var bySpan = scores.Where(s => spanIds.Contains(s.SpanId)).ToLookup(s => s.SpanId);
        return Results.Ok(new TraceDetailDto(
            id, TraceSummaryDto.From(summary.ToSummary()!),
            spans.Select(span => agents.Decorate(SpanDto.From(span, logEvents[span.SpanId].ToList()), span) with { Scores = bySpan[span.SpanId].Select(ScoreDto.From).ToList() }).ToList())
        {
            Scores = scores.Where(s => !spanIds.Contains(s.SpanId)).Select(ScoreDto.From).ToList(),
        });
    }

}
