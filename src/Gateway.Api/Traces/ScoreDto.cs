using Observatory.Storage.Scores;

namespace Observatory.Gateway.Api.Traces;

/// <summary>
/// A score in the trace view: <see cref="Source"/> is event (a span event), log (a log record) or api (posted);
/// <see cref="Kind"/> numeric, categorical or boolean (value 1 or 0); <see cref="Comment"/> the evaluator's explanation
/// or the poster's comment.
/// </summary>
public sealed record ScoreDto(
    string Id, string Name, double? Value, string? Label, string Kind, string? Comment, string Source, string? Author, string? ResponseId, DateTime Time)
{
    public static ScoreDto From(StoredScore s) => new(s.ScoreId, s.Name, s.Value, s.Label, s.Kind, s.Comment, s.Source, s.Author, s.ResponseId, s.Time);
}
