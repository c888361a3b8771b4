using Observatory.Core.Spans;

namespace Observatory.Grains.Live;

/// <summary>
/// Told by <see cref="Ingest.IngestGrain"/> what a batch committed, right after COMMIT and before the reply. Must return
/// at once (no I/O): it runs on the ingest path.
/// </summary>
public interface IIngestCommitObserver
{
    /// <param name="isNew">Per span, whether this batch stored it (a re-sent span changes nothing).</param>
    void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew);
}
