using Microsoft.AspNetCore.Http;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.Traces;
using Observatory.Storage.Analytics;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    private const int MaxSessionTraces = 1000;
    private const int MaxTimelineCalls = 5000;
    private const int UserDetailRows = 20;

    /// <summary>
    /// <c>GET /api/v1/sessions?from&amp;to&amp;user&amp;limit&amp;cursor</c> (default last 7 days, limit 50, at most 1000): sessions
    /// with a trace in the range, latest activity first, as <c>{data:[{sessionId, userId, firstSeen, lastSeen, traceCount,
    /// llmCallCount, errorCount, inputTokens, outputTokens, costUsd}], nextCursor}</c>.
    /// </summary>
    private static async Task<IResult> ListSessions(HttpContext context, ActivityQueries activity, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseRange(q, clock, TimeSpan.FromDays(7), out var from, out var to, out var error) ||
            !TryParseText(q, "user", out var user, out error) ||
            !TryParseInt(q, "limit", 50, 1, 1000, out var limit, out error) ||
            !TryParseCursor(q, out var cursor, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var page = await activity.ListAsync(context.ProjectId(), AnalyticsDimension.Session, from, to, user, null, limit, cursor, ct);
        return Results.Ok(new SessionListDto(page.Rows.Select(SessionDto.From).ToList(), page.Next?.Encode()));
    }

    /// <summary>
    /// <c>GET /api/v1/sessions/{id}?from&amp;to</c> (default last 30 days): the session's totals, its traces earliest first (at
    /// most 1000) and a timeline of its model calls in time order (at most 5000); 404 when it has no trace in the range.
    /// </summary>
    private static async Task<IResult> GetSession(string id, HttpContext context, ActivityQueries activity, TimeProvider clock, CancellationToken ct)
    {
        if (!TryParseId(id, "id", out var error) ||
            !TryParseRange(context.Request.Query, clock, TimeSpan.FromDays(30), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        var totals = (await activity.ListAsync(project, AnalyticsDimension.Session, from, to, null, id, 1, null, ct)).Rows;
        if (totals.Count == 0)
        {
            return ApiError.NotFound($"No session '{id}' between {from:O} and {to:O}.");
        }

        var traces = await activity.TracesAsync(project, AnalyticsDimension.Session, id, from, to, newestFirst: false, MaxSessionTraces, ct);
        var timeline = await activity.SessionTimelineAsync(project, id, from, to, MaxTimelineCalls, ct);
        return Results.Ok(new SessionDetailDto(
            SessionDto.From(totals[0]), traces.Select(TraceSummaryDto.From).ToList(), timeline.Select(LlmCallDto.From).ToList()));
    }

    /// <summary>
    /// <c>GET /api/v1/users?from&amp;to&amp;limit&amp;cursor</c> (default last 7 days, limit 50, at most 1000): users with a trace
    /// in the range, latest activity first, as <c>{data:[{userId, firstSeen, lastSeen, sessionCount, traceCount, llmCallCount,
    /// errorCount, inputTokens, outputTokens, costUsd}], nextCursor}</c>.
    /// </summary>
    private static async Task<IResult> ListUsers(HttpContext context, ActivityQueries activity, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseRange(q, clock, TimeSpan.FromDays(7), out var from, out var to, out var error) ||
            !TryParseInt(q, "limit", 50, 1, 1000, out var limit, out error) ||
            !TryParseCursor(q, out var cursor, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var page = await activity.ListAsync(context.ProjectId(), AnalyticsDimension.User, from, to, null, null, limit, cursor, ct);
        return Results.Ok(new UserListDto(page.Rows.Select(UserDto.From).ToList(), page.Next?.Encode()));
    }

    /// <summary>
    /// <c>GET /api/v1/users/{id}?from&amp;to</c> (default last 30 days): the user's totals, top 5 models by cost, latest 20
    /// sessions and latest 20 traces; 404 when the user has no trace in the range.
    /// </summary>
    private static async Task<IResult> GetUser(string id, HttpContext context, ActivityQueries activity, TimeProvider clock, CancellationToken ct)
    {
        if (!TryParseId(id, "id", out var error) ||
            !TryParseRange(context.Request.Query, clock, TimeSpan.FromDays(30), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        var totals = (await activity.ListAsync(project, AnalyticsDimension.User, from, to, null, id, 1, null, ct)).Rows;
        if (totals.Count == 0)
        {
            return ApiError.NotFound($"No user '{id}' between {from:O} and {to:O}.");
        }

        var models = await activity.UserModelsAsync(project, id, from, to, TopLimit, ct);
        var sessions = await activity.ListAsync(project, AnalyticsDimension.Session, from, to, id, null, UserDetailRows, null, ct);
        var traces = await activity.TracesAsync(project, AnalyticsDimension.User, id, from, to, newestFirst: true, UserDetailRows, ct);
        return Results.Ok(new UserDetailDto(
            UserDto.From(totals[0]),
            models.Select(m => new ModelShareDto(m.Provider, m.Model, m.Requests, m.InputTokens, m.OutputTokens, m.CostUsd)).ToList(),
            sessions.Rows.Select(SessionDto.From).ToList(),
            traces.Select(TraceSummaryDto.From).ToList()));
    }

    private static bool TryParseCursor(IQueryCollection q, out ActivityCursor? cursor, out string? error)
    {
        var text = q["cursor"].ToString();
        cursor = text.Length == 0 ? null : ActivityCursor.TryDecode(text);
        error = text.Length > 0 && cursor is null ? "'cursor' is not a cursor this API returned." : null;
        return error is null;
    }
}

/// <summary>One session: its traces summed.</summary>
public sealed record SessionDto(
    string SessionId, string? UserId, DateTime FirstSeen, DateTime LastSeen, long TraceCount, long LlmCallCount, long ErrorCount,
    long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static SessionDto From(ActivityRow r) =>
        new(r.Key, r.UserId, r.FirstSeen, r.LastSeen, r.Traces, r.LlmCalls, r.Errors, r.InputTokens, r.OutputTokens, r.CostUsd);
}

/// <summary><c>GET /api/v1/sessions</c>.</summary>
public sealed record SessionListDto(IReadOnlyList<SessionDto> Data, string? NextCursor);

/// <summary>One model call in a session's timeline; tokens and cost are null when the call did not report usage.</summary>
public sealed record LlmCallDto(
    string TraceId, string SpanId, DateTime Time, string? Provider, string? Model, string? Operation, double DurationMs, double? TtftMs,
    long? InputTokens, long? OutputTokens, decimal? CostUsd, string Status)
{
    public static LlmCallDto From(LlmCallRow c) => new(
        c.TraceId, c.SpanId, c.StartTime, c.Provider, c.Model, c.Operation, c.DurationMs, c.TtftMs, c.InputTokens, c.OutputTokens,
        c.CostUsd, c.IsError ? "error" : "ok");
}

/// <summary><c>GET /api/v1/sessions/{id}</c>.</summary>
public sealed record SessionDetailDto(SessionDto Session, IReadOnlyList<TraceSummaryDto> Traces, IReadOnlyList<LlmCallDto> Timeline);

/// <summary>One user: their traces summed.</summary>
public sealed record UserDto(
    string UserId, DateTime FirstSeen, DateTime LastSeen, long SessionCount, long TraceCount, long LlmCallCount, long ErrorCount,
    long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static UserDto From(ActivityRow r) =>
        new(r.Key, r.FirstSeen, r.LastSeen, r.Sessions, r.Traces, r.LlmCalls, r.Errors, r.InputTokens, r.OutputTokens, r.CostUsd);
}

/// <summary><c>GET /api/v1/users</c>.</summary>
public sealed record UserListDto(IReadOnlyList<UserDto> Data, string? NextCursor);

/// <summary>A model's share of one user's calls.</summary>
public sealed record ModelShareDto(string? Provider, string? Model, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary><c>GET /api/v1/users/{id}</c>.</summary>
public sealed record UserDetailDto(
    UserDto User, IReadOnlyList<ModelShareDto> TopModels, IReadOnlyList<SessionDto> Sessions, IReadOnlyList<TraceSummaryDto> RecentTraces);
