using Observatory.Core.Scores;

namespace Observatory.Core.Logs;

/// <summary>
/// A log record ready to store: tied to its span by ids ('' when the record names none), identified by a hash of its
/// content so a re-sent export stores nothing twice, with the prompt or completion part it carries.
/// </summary>
public sealed record LogEventRecord
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public required string RecordHash { get; init; }
    public long TimeUnixNano { get; init; }
    public string? EventName { get; init; }
    public int SeverityNumber { get; init; }
    public string? BodyJson { get; init; }
    public string AttributesJson { get; init; } = "{}";
    public string? InputPart { get; init; }
    public string? OutputPart { get; init; }

    /// <summary>The score of a <c>gen_ai.evaluation.result</c> record, stored with it; null for other records.</summary>
    public ScoreRecord? Score { get; init; }
}
