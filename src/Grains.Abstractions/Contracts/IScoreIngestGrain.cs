using Observatory.Core.Scores;

namespace Observatory.Grains.Contracts;

/// <summary>
/// The silo's entry point for scores posted to the API (<c>POST /api/v1/scores</c>): stores them durably, once per id.
/// A stateless worker like <see cref="IIngestGrain"/>. Scores from OTLP events are stored by the span and log writers.
/// </summary>
[Alias("observatory.IScoreIngestGrain")]
public interface IScoreIngestGrain : IGrainWithIntegerKey
{
    [Alias("IngestScores")]
    Task<IngestReply> IngestScores(string projectId, Immutable<ScoreRecord[]> scores);
}
