using Observatory.Core.Ingest;
using Observatory.Core.Logs;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Grains.Live;
using Observatory.Storage.Logs;
using Observatory.Storage.Spans;
using Orleans.Concurrency;

namespace Observatory.Grains.Ingest;

/// <summary>
/// Writes a batch durably through <see cref="SpanWriter"/>, whose transaction also adds the new spans to their trace
/// summaries and model rollups: when the reply says the spans are stored, they are counted too, and nothing that only
/// lives in memory can be lost by a crash or counted twice by a retry. What committed is then told to the
/// <see cref="IIngestCommitObserver"/>s (the live streams), if any are registered.
/// Reentrant: it holds no state, and a call spends its time awaiting the writer's COMMIT. A non-reentrant worker let
/// only one call per activation (two activations on two cores) reach the writer, so its group commit never had more
/// than one export to group and every export paid a whole transaction; now every export in flight queues at the writer
/// and one transaction stores them together.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class IngestGrain(SpanWriter writer, LogEventWriter logWriter, IEnumerable<IIngestCommitObserver> observers) : Grain, IIngestGrain
{
    public Task<IngestReply> Ingest(string projectId, Immutable<SpanRecord[]> batch) =>
        IngestReplies.WriteAsync(batch.Value.Length, async () =>
        {
            var spans = batch.Value;
            var written = await writer.WriteAsync(projectId, spans, CancellationToken.None);
            foreach (var observer in observers)
            {
                observer.OnCommitted(projectId, spans, written.IsNew);
            }

            return written.IsNew.Count(isNew => isNew);
        });

    public Task<IngestReply> IngestLogs(string projectId, Immutable<LogEventRecord[]> records) =>
        IngestReplies.WriteAsync(records.Value.Length, () => logWriter.WriteAsync(projectId, records.Value, CancellationToken.None));
}
