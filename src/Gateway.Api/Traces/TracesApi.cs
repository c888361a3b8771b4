using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Projects;
using Observatory.Core.Traces;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>Trace list and trace view, read straight from PostgreSQL.</summary>
public static class TracesApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapTracesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/traces", ListTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        return api;
    }

    private static async Task<IResult> ListTraces(HttpRequest request, TraceQueries queries, CancellationToken ct)
    {
        var q = request.Query;
        if (!QueryParameters.TryParseTime(q["from"], "from", out var from, out var error) ||
            !QueryParameters.TryParseTime(q["to"], "to", out var to, out error) ||
            !QueryParameters.TryParseLimit(q["limit"], 50, MaxLimit, out var limit, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var status = q["status"].ToString();
        if (status is not ("" or "ok" or "error"))
        {
            return ApiError.BadRequest($"'status' must be 'ok' or 'error', got '{status}'.");
        }

        bool? hasError = status == "" ? null : status == "error";

        var cursorText = q["cursor"].ToString();
        var cursor = TraceCursor.TryDecode(cursorText);
        if (cursorText.Length > 0 && cursor is null)
        {
            return ApiError.BadRequest("'cursor' is not a cursor this API returned.");
        }

        var page = await queries.ListAsync(new TraceListQuery
        {
            ProjectId = ProjectIds.Default,
            Service = NullIfEmpty(q["service"]),
            Model = NullIfEmpty(q["model"]),
            HasError = hasError,
            From = from,
            To = to,
            Limit = limit,
            After = cursor,
        }, ct);
        return Results.Ok(new TraceListDto(page.Traces.Select(TraceSummaryDto.From).ToList(), page.Next?.Encode()));
    }

    private static async Task<IResult> GetTrace(string traceId, TraceQueries queries, CancellationToken ct)
    {
        if (!QueryParameters.TryParseTraceId(traceId, out var id))
        {
            return ApiError.BadRequest($"'traceId' must be 32 hex characters, got '{traceId}'.");
        }

        var spans = await queries.GetSpansAsync(ProjectIds.Default, id, ct);
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

        var logEvents = (await queries.GetLogEventsAsync(ProjectIds.Default, id, ct)).ToLookup(e => e.SpanId);
        return Results.Ok(new TraceDetailDto(
            id, TraceSummaryDto.From(summary.ToSummary()!), spans.Select(span => SpanDto.From(span, logEvents[span.SpanId].ToList())).ToList()));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
