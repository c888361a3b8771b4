using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Scores;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Grains.Contracts;
using Observatory.Storage.Scores;
using Observatory.Web;
using Observatory.Web.Auth;
using Orleans.Concurrency;

namespace Observatory.Gateway.Api.Analytics;

/// <summary>
/// Scores (issue 12): <c>POST /api/v1/scores</c> records one from an app (its ingest key) or a person (an admin key); <c>GET /api/v1/scores</c> aggregates them with the evaluation results read from OTLP events, cached
/// like the other analytics reads (QueryCache__TtlSeconds is its freshness bound).
/// </summary>
public static partial class AnalyticsApi
{
    private static readonly string[] ScoreBodyFields = ["id", "traceId", "spanId", "responseId", "name", "value", "boolean", "label", "comment", "author", "time"];

    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        var scores = api.MapGroup("/scores");
        scores.MapPost("", PostScore).AcceptsJsonBody<ScoreBody>().RequireIngestOrAdminKey()
            .WithSummary("Record a score of a trace or span (numeric, categorical or boolean, with a comment); the trace may arrive later.");
        scores.MapGet("", GetScores)
            .WithSummary("Scores aggregated per name and groupBy (name, model, service, agent, day): count, mean, min, max, p50 and counts per label.");
        return api;
    }

    private static async Task<IResult> PostScore(HttpContext context, IGrainFactory grains, TimeProvider clock)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest("The body is not JSON: " + ex.Message);
        }

        ScoreSubmission submission;
        using (document)
        {
            var (read, error) = ReadSubmission(document.RootElement);
            if (read is null)
            {
                return ApiError.BadRequest(error!);
            }

            submission = read;
        }

        var (score, invalid) = submission.ToRecord(clock.GetUtcNow());
        if (score is null)
        {
            return ApiError.BadRequest(invalid!);
        }

        var reply = await grains.GetGrain<IScoreIngestGrain>(0).IngestScores(context.ProjectId(), new[] { score }.AsImmutable());
        if (reply.Unavailable is { } reason)
        {
            return ApiError.Unavailable(reason);
        }

        var dto = new ScoreStoredDto(score.ScoreId, score.TraceId, score.SpanId.Length == 0 ? null : score.SpanId, ScoreNames.Of(score.Kind), reply.Accepted > 0);
        return reply.Accepted > 0 ? Results.Created($"/api/v1/traces/{score.TraceId}", dto) : Results.Ok(dto);
    }

    /// <summary>The body's fields by JSON type, naming the first that is unknown or of the wrong type.</summary>
    private static (ScoreSubmission? Submission, string? Error) ReadSubmission(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object: {\"traceId\", \"name\", and \"value\", \"boolean\" or \"label\"; optionally \"spanId\", \"comment\", \"author\", \"id\", \"time\"}.");
        }

        var submission = new ScoreSubmission();
        foreach (var property in body.EnumerateObject())
        {
            var field = ScoreBodyFields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            var value = property.Value;
            if (field is null)
            {
                return (null, $"Unknown field '{property.Name}'; a score takes {string.Join(", ", ScoreBodyFields.Select(f => $"'{f}'"))}.");
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            string? Text() => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            switch (field)
            {
                case "value" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    submission = submission with { Boolean = value.GetBoolean() };
                    break;
                case "value" when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number):
                    submission = submission with { Value = number };
                    break;
                case "value":
                    return (null, $"'value' must be a number (or true/false), got {Describe(value)}.");
                case "boolean" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    submission = submission with { Boolean = value.GetBoolean() };
                    break;
                case "boolean":
                    return (null, $"'boolean' must be true or false, got {Describe(value)}.");
                case "time" when Text() is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    submission = submission with { Time = at };
                    break;
                case "time":
                    return (null, $"'time' must be an ISO 8601 timestamp, got {Describe(value)}.");
                case var _ when Text() is null:
                    return (null, $"'{field}' must be a string, got {Describe(value)}.");
                case "id":
                    submission = submission with { Id = Text() };
                    break;
                case "traceId":
                    submission = submission with { TraceId = Text() };
                    break;
                case "spanId":
                    submission = submission with { SpanId = Text() };
                    break;
                case "responseId":
                    submission = submission with { ResponseId = Text() };
                    break;
                case "name":
                    submission = submission with { Name = Text() };
                    break;
                case "label":
                    submission = submission with { Label = Text() };
                    break;
                case "comment":
                    submission = submission with { Comment = Text() };
                    break;
                case "author":
                    submission = submission with { Author = Text() };
                    break;
            }
        }

        return (submission, null);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;

    /// <summary><c>GET /api/v1/scores?from&amp;to&amp;name&amp;model&amp;service&amp;agent&amp;groupBy</c> (default: the last 7 days, by name).</summary>
    private static async Task<IResult> GetScores(HttpContext context, ScoreQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseRange(q, clock, TimeSpan.FromDays(7), out var from, out var to, out var error) ||
            !TryParseText(q, "name", out var name, out error) || !TryParseText(q, "model", out var model, out error) ||
            !TryParseText(q, "service", out var service, out error) || !TryParseText(q, "agent", out var agent, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var groupText = q["groupBy"].ToString();
        ScoreGrouping? groupBy = groupText switch
        {
            "" or "name" => ScoreGrouping.Name,
            "model" => ScoreGrouping.Model,
            "service" => ScoreGrouping.Service,
            "agent" => ScoreGrouping.Agent,
            "day" => ScoreGrouping.Day,
            _ => null,
        };
        if (groupBy is null)
        {
            return ApiError.BadRequest($"'groupBy' must be name, model, service, agent or day, not '{Shorten(groupText)}'.");
        }

        var groups = await queries.AggregateAsync(context.ProjectId(), new ScoreFilter(from, to, name, model, service, agent), groupBy.Value, ct);
        return Results.Ok(new ScoreAggregateListDto(from, to, groupText.Length == 0 ? "name" : groupText, groups.Select(ScoreAggregateDto.From).ToList()));
    }
}

// Members are nullable so that a missing one reaches the endpoint, which answers a 400 naming it.

/// <summary>The body of <c>POST /api/v1/scores</c>: give <c>value</c>, <c>boolean</c> or <c>label</c> (a label may accompany a value).</summary>
public sealed record ScoreBody(
    [property: Description("The trace scored: 32 hex characters. It need not be stored yet.")]
    string? TraceId,
    [property: Description("The score's name, e.g. helpfulness, user_feedback.")]
    string? Name,
    [property: Description("The span scored (16 hex characters); omitted, the score is of the whole trace.")]
    string? SpanId = null,
    [property: Description("A number (numeric score); true/false is read as 'boolean'.")]
    double? Value = null,
    [property: Description("true or false (a boolean score, stored as 1 or 0), e.g. thumbs up/down.")]
    bool? Boolean = null,
    [property: Description("A category (categorical score), or the label of a value.")]
    string? Label = null,
    [property: Description("Why: a person's comment or an evaluator's explanation.")]
    string? Comment = null,
    [property: Description("Who scored: a user id or an evaluator's name.")]
    string? Author = null,
    [property: Description("The completion scored (gen_ai.response.id), when the span is not known.")]
    string? ResponseId = null,
    [property: Description("Your id for the score, so a retried POST stores it once (letters, digits, -_.:, at most 128).")]
    string? Id = null,
    [property: Description("When it was scored (ISO 8601); default now.")]
    DateTimeOffset? Time = null);

/// <summary>The answer to <c>POST /api/v1/scores</c>: <see cref="Stored"/> is false when a score with this id was stored before.</summary>
public sealed record ScoreStoredDto(string Id, string TraceId, string? SpanId, string Kind, bool Stored);

/// <summary>One group of scores: <see cref="Group"/> is the model, service, agent or day (null when grouping by name, or unknown).</summary>
public sealed record ScoreAggregateDto(
    string Name, string? Group, long Count, long ValueCount, double? Mean, double? Min, double? Max, double? P50, IReadOnlyDictionary<string, long> Labels)
{
    public static ScoreAggregateDto From(ScoreAggregate a) =>
        new(a.Name, a.Group, a.Count, a.ValueCount, Round(a.Mean), a.Min, a.Max, Round(a.P50), a.Labels);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 9) : null;
}

/// <summary><c>GET /api/v1/scores</c>.</summary>
public sealed record ScoreAggregateListDto(DateTime From, DateTime To, string GroupBy, IReadOnlyList<ScoreAggregateDto> Groups);
