using Observatory.Core.Ingest;
using Observatory.Core.Scores;
using Observatory.Grains.Contracts;
using Observatory.Storage.Scores;
using Orleans.Concurrency;

namespace Observatory.Grains.Scores;

/// <summary>Writes posted scores through <see cref="ScoreWriter"/>; keeps nothing in memory.</summary>
[StatelessWorker]
public sealed class ScoreIngestGrain(ScoreWriter writer) : Grain, IScoreIngestGrain
{
    public async Task<IngestReply> IngestScores(string projectId, Immutable<ScoreRecord[]> scores)
    {
        try
        {
            var inserted = await writer.WriteAsync(projectId, scores.Value, CancellationToken.None);
            return new IngestReply(inserted, scores.Value.Length - inserted, null);
        }
        catch (IngestUnavailableException ex)
        {
            // Third-party and unknown exception types don't cross grain calls well: answer with the reason instead.
            return new IngestReply(0, 0, ex.Message);
        }
    }
}
