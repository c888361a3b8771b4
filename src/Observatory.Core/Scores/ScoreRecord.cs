namespace Observatory.Core.Scores;

/// <summary>
/// One score of a GenAI output: an evaluator's result (a <c>gen_ai.evaluation.result</c> event, on a span or as a log
/// record) or a judgement posted to the API by an app or a person. Tied to its trace, and to its span or completion when
/// known; <see cref="ScoreId"/> is deterministic for events, so a re-sent export stores each score once.
/// </summary>
public sealed record ScoreRecord
{
    /// <summary>Unique within the project: a hash of where the event sat, or the id an API caller chose (else a new one).</summary>
    public required string ScoreId { get; init; }

    /// <summary>32 lowercase hex characters; '' when the score names only a completion (<see cref="ResponseId"/>).</summary>
    public required string TraceId { get; init; }

    /// <summary>16 lowercase hex characters; '' for a score of the whole trace.</summary>
    public string SpanId { get; init; } = "";

    /// <summary><c>gen_ai.response.id</c>: the completion evaluated, when the span is not known.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The evaluation metric (<c>gen_ai.evaluation.name</c>), e.g. Relevance.</summary>
    public required string Name { get; init; }

    /// <summary>The number; for a boolean score 1 (true) or 0 (false); null for a label-only score.</summary>
    public double? Value { get; init; }

    /// <summary>The human-readable label (<c>gen_ai.evaluation.score.label</c>), e.g. relevant, pass.</summary>
    public string? Label { get; init; }

    public ScoreKind Kind { get; init; }

    /// <summary>The evaluator's explanation, or the comment of a person or app.</summary>
    public string? Comment { get; init; }

    public ScoreSource Source { get; init; }

    /// <summary>Who scored, when the API caller said (a user id, an evaluator's name); null for events.</summary>
    public string? Author { get; init; }

    public long TimeUnixNano { get; init; }
}

/// <summary>What a score's value means.</summary>
public enum ScoreKind : byte
{
    /// <summary>A number (<c>gen_ai.evaluation.score.value</c>), maybe with a label.</summary>
    Numeric = 0,

    /// <summary>A label only (<c>gen_ai.evaluation.score.label</c>).</summary>
    Categorical = 1,

    /// <summary>True or false, stored as 1 or 0 (thumbs up/down), with its label "true" or "false".</summary>
    Boolean = 2,
}

/// <summary>How a score arrived.</summary>
public enum ScoreSource : byte
{
    /// <summary>A span event named <c>gen_ai.evaluation.result</c>.</summary>
    Event = 0,

    /// <summary>An OTLP log record with that event name.</summary>
    Log = 1,

    /// <summary><c>POST /api/v1/scores</c>.</summary>
    Api = 2,
}

/// <summary>The stored (text) names of <see cref="ScoreKind"/> and <see cref="ScoreSource"/>.</summary>
public static class ScoreNames
{
    public static string Of(ScoreKind kind) => kind switch
    {
        ScoreKind.Numeric => "numeric",
        ScoreKind.Categorical => "categorical",
        _ => "boolean",
    };

    public static string Of(ScoreSource source) => source switch
    {
        ScoreSource.Event => "event",
        ScoreSource.Log => "log",
        _ => "api",
    };
}
