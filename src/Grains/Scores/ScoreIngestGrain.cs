using Observatory.Core.Scores;
using Observatory.Grains.Contracts;
using Observatory.Grains.Ingest;
using Observatory.Storage.Scores;
using Orleans.Concurrency;

namespace Observatory.Grains.Scores;

/// <summary>Writes posted scores through <see cref="ScoreWriter"/>; keeps nothing in memory.</summary>
[StatelessWorker]
public sealed class ScoreIngestGrain(ScoreWriter writer) : Grain, IScoreIngestGrain
{
    public Task<IngestReply> IngestScores(string projectId, Immutable<ScoreRecord[]> scores) =>
        IngestReplies.WriteAsync(scores.Value.Length, () => writer.WriteAsync(projectId, scores.Value, CancellationToken.None));
}
