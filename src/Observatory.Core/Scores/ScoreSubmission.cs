using System.Globalization;

namespace Observatory.Core.Scores;

/// <summary>
/// A score posted by an app or a person (<c>POST /api/v1/scores</c>), checked field by field: the first problem is named
/// in the error, and nothing is stored. Exactly one of <see cref="Value"/>, <see cref="Boolean"/> or a label-only score.
/// </summary>
public sealed record ScoreSubmission
{
    /// <summary>Optional, for idempotent retries: the same id is stored once. A new id is made when absent.</summary>
    public string? Id { get; init; }

    public string? TraceId { get; init; }
    public string? SpanId { get; init; }
    public string? ResponseId { get; init; }
    public string? Name { get; init; }
    public double? Value { get; init; }
    public bool? Boolean { get; init; }
    public string? Label { get; init; }
    public string? Comment { get; init; }
    public string? Author { get; init; }

    /// <summary>When it was scored; now when absent.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Ids a caller may choose: letters, digits and <c>-_.:</c>, up to this many characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The storable score, or the error that names the bad field.</summary>
    public (ScoreRecord? Score, string? Error) ToRecord(DateTimeOffset now)
    {
        if (Id is not null && (Id.Length is 0 or > MaxIdLength || Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))))
        {
            return Fail($"'id' must be 1 to {MaxIdLength} letters, digits or -_.: characters.");
        }

        if (string.IsNullOrWhiteSpace(TraceId) || !IsHex(TraceId, 32))
        {
            return Fail($"'traceId' is required: 32 hex characters{Got(TraceId)}.");
        }

        if (SpanId is not null && !IsHex(SpanId, 16))
        {
            return Fail($"'spanId' must be 16 hex characters{Got(SpanId)}.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            return Fail("'name' is required: the score's name, e.g. 'helpfulness' or 'user_feedback'.");
        }

        if (Value is { } v && !double.IsFinite(v))
        {
            return Fail("'value' must be a finite number.");
        }

        if (Value is not null && Boolean is not null)
        {
            return Fail("Give 'value' (a number) or 'boolean' (true/false), not both.");
        }

        if (Value is null && Boolean is null && string.IsNullOrWhiteSpace(Label))
        {
            return Fail("One of 'value' (a number), 'boolean' (true/false) or 'label' (a category) is required.");
        }

        if (Label is not null && string.IsNullOrWhiteSpace(Label))
        {
            return Fail("'label' must not be blank.");
        }

        var (value, kind, label) = Boolean is { } flag
            ? (flag ? 1d : 0d, ScoreKind.Boolean, Label?.Trim() ?? (flag ? "true" : "false"))
            : (Value, Value is null ? ScoreKind.Categorical : ScoreKind.Numeric, Label?.Trim());
        return (new ScoreRecord
        {
            ScoreId = Id ?? Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
            TraceId = TraceId.ToLowerInvariant(),
            SpanId = SpanId?.ToLowerInvariant() ?? "",
            ResponseId = ScoreLimits.Identifier(Blank(ResponseId)),
            Name = ScoreLimits.Identifier(Name.Trim())!,
            Value = value,
            Label = ScoreLimits.Identifier(label),
            Kind = kind,
            Comment = ScoreLimits.Comment(Blank(Comment)),
            Source = ScoreSource.Api,
            Author = ScoreLimits.Identifier(Blank(Author)),
            TimeUnixNano = ((Time ?? now).ToUnixTimeMilliseconds() * 1_000_000) + ((Time ?? now).Ticks % TimeSpan.TicksPerMillisecond * 100),
        }, null);
    }

    private static (ScoreRecord?, string?) Fail(string error) => (null, error);

    private static string Got(string? text) => text is null ? "" : $", got '{(text.Length > 64 ? text[..64] + "…" : text)}'";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsHex(string text, int length) => text.Length == length && text.All(char.IsAsciiHexDigit) && text.Any(c => c != '0');
}
