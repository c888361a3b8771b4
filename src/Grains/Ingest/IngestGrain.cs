using Observatory.Core.Ingest;
using Observatory.Core.Logs;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Storage.Logs;
using Observatory.Storage.Spans;
using Orleans.Concurrency;

namespace Observatory.Grains.Ingest;

/// <summary>
/// Writes a batch durably, then hands only the spans that were new to their grains through <see cref="GrainFeed"/>
/// (one call per trace and one pre-aggregated call per model, never one call per span). The reply waits for the
/// grains, so an acknowledged span is already counted in the live model numbers.
/// </summary>
[StatelessWorker]
public sealed class IngestGrain(SpanWriter writer, LogEventWriter logWriter, GrainFeed feed) : Grain, IIngestGrain
{
    public async Task<IngestReply> Ingest(string projectId, Immutable<SpanRecord[]> batch)
    {
        var spans = batch.Value;
        SpanWriteResult written;
        try
        {
            written = await writer.WriteAsync(projectId, spans, CancellationToken.None);
        }
        catch (IngestUnavailableException ex)
        {
            // Third-party and unknown exception types don't cross grain calls well: answer with the reason instead.
            return new IngestReply(0, 0, ex.Message);
        }

        var fresh = new List<SpanRecord>(spans.Length);
        for (var i = 0; i < spans.Length; i++)
        {
            if (written.IsNew[i])
            {
                fresh.Add(spans[i]);
            }
        }

        if (fresh.Count > 0)
        {
            await feed.FeedAsync(projectId, fresh, written.TracesWithEarlierSpans);
        }

        return new IngestReply(fresh.Count, spans.Length - fresh.Count, null);
    }

    public async Task<IngestReply> IngestLogs(string projectId, Immutable<LogEventRecord[]> records)
    {
        try
        {
            var inserted = await logWriter.WriteAsync(projectId, records.Value, CancellationToken.None);
            return new IngestReply(inserted, records.Value.Length - inserted, null);
        }
        catch (IngestUnavailableException ex)
        {
            return new IngestReply(0, 0, ex.Message);
        }
    }
}
