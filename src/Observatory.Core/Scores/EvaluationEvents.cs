using System.Security.Cryptography;
using System.Text;
using Observatory.Core.Llm;
using Observatory.Core.Logs;
using Observatory.Core.Spans;

namespace Observatory.Core.Scores;

/// <summary>
/// Reads <c>gen_ai.evaluation.result</c> events into scores: as span events (tied to that span) and as log records (tied
/// to the span or trace the record names, else to <c>gen_ai.response.id</c>). An event without a name, or with neither a
/// value nor a label, is no score and is skipped; it never fails the export that carried it.
/// </summary>
public static class EvaluationEvents
{
    /// <summary>The scores among a span's events; ids are a hash of the span and the event's position, stable on re-send.</summary>
    public static IReadOnlyList<ScoreRecord> FromSpan(SpanData span)
    {
        List<ScoreRecord>? scores = null;
        for (var i = 0; i < span.Events.Count; i++)
        {
            var e = span.Events[i];
            if (e.Name != EvaluationConventions.EventName)
            {
                continue;
            }

            var time = e.TimeUnixNano != 0 ? e.TimeUnixNano : span.EndUnixNano;
            if (Read(e.Attributes, null, span.TraceId, span.SpanId, Id("event", span.TraceId, span.SpanId, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ScoreSource.Event, time) is { } score)
            {
                (scores ??= []).Add(score);
            }
        }

        return scores ?? (IReadOnlyList<ScoreRecord>)[];
    }

    /// <summary>
    /// The score a log record carries, or null when it is no evaluation result. <paramref name="recordHash"/> identifies
    /// the record (equal for a re-sent one), so the score's id is stable too.
    /// </summary>
    public static ScoreRecord? FromLogRecord(LogRecordData record, string recordHash)
    {
        if (record.EventName != EvaluationConventions.EventName)
        {
            return null;
        }

        var traceId = record.TraceId ?? "";
        var spanId = record.SpanId ?? "";
        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        // Some SDKs put an event's attributes in the body (a key-value list); the attributes win where both name one.
        var body = record.Body as IReadOnlyList<KeyValuePair<string, object?>>;
        return Read(record.Attributes, body, traceId, spanId, Id("log", traceId, spanId, recordHash), ScoreSource.Log, time);
    }

    private static ScoreRecord? Read(
        IReadOnlyList<KeyValuePair<string, object?>> attributes, IReadOnlyList<KeyValuePair<string, object?>>? body,
        string traceId, string spanId, string id, ScoreSource source, long time)
    {
        var name = LooseValues.ReadText(Find(attributes, body, EvaluationConventions.Name));
        var rawValue = Find(attributes, body, EvaluationConventions.ScoreValue);
        var label = LooseValues.ReadText(Find(attributes, body, EvaluationConventions.ScoreLabel));
        var responseId = LooseValues.ReadText(Find(attributes, body, EvaluationConventions.ResponseId));
        if (name is null || (traceId.Length == 0 && responseId is null))
        {
            return null;
        }

        double? value;
        ScoreKind kind;
        if (rawValue is bool flag)
        {
            (value, kind) = (flag ? 1 : 0, ScoreKind.Boolean);
            label ??= flag ? "true" : "false";
        }
        else
        {
            value = LooseValues.ReadNumber(rawValue);
            kind = value is not null ? ScoreKind.Numeric : ScoreKind.Categorical;
        }

        if (value is null && label is null)
        {
            return null;
        }

        var explanation = LooseValues.ReadText(Find(attributes, body, EvaluationConventions.Explanation));
        return new ScoreRecord
        {
            ScoreId = id,
            TraceId = traceId,
            SpanId = spanId,
            ResponseId = ScoreLimits.Identifier(responseId),
            Name = ScoreLimits.Identifier(name)!,
            Value = value,
            Label = ScoreLimits.Identifier(label),
            Kind = kind,
            Comment = ScoreLimits.Comment(explanation),
            Source = source,
            TimeUnixNano = time,
        };
    }

    private static object? Find(
        IReadOnlyList<KeyValuePair<string, object?>> attributes, IReadOnlyList<KeyValuePair<string, object?>>? body, string key)
    {
        foreach (var (k, v) in attributes)
        {
            if (k == key)
            {
                return v;
            }
        }

        if (body is not null)
        {
            foreach (var (k, v) in body)
            {
                if (k == key)
                {
                    return v;
                }
            }
        }

        return null;
    }

    private static string Id(string kind, string traceId, string spanId, string position) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}|{traceId}|{spanId}|{position}")).AsSpan(0, 16));
}

/// <summary>Bounds of a score's text, like <see cref="FactLimits"/> for span facts.</summary>
public static class ScoreLimits
{
    /// <summary>UTF-8 bytes of a comment or explanation; longer ones are truncated with a marker.</summary>
    public const int MaxCommentBytes = 16 * 1024;

    /// <summary>A name, label, id or author, cut to <see cref="FactLimits.MaxIdentifierBytes"/>.</summary>
    public static string? Identifier(string? text) => FactLimits.Identifier(text);

    public static string? Comment(string? text) => text is null ? null : AttributeJsonWriter.Truncate(text, MaxCommentBytes);
}
