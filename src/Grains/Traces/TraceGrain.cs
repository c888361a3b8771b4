using Observatory.Core.Traces;
using Observatory.Grains.Contracts;
using Observatory.Storage.Traces;

namespace Observatory.Grains.Traces;

/// <summary>
/// Assembles one trace. A new activation first reads the trace's stored spans (the source of truth, so a late span
/// after deactivation or a restart still lands on the right totals) unless the ingest path knows there are none;
/// afterwards it adds spans in memory and hands each new summary to the silo's batched <see cref="TraceSummaryWriter"/>.
/// </summary>
// Traces complete within seconds; a late span reactivates the grain, which then reads the stored spans.
// One minute is the shortest age Orleans accepts; the silo checks every 15 s (see AddObservatoryGrains).
[CollectionAgeLimit(Minutes = 1)]
public sealed class TraceGrain(TraceQueries queries, TraceSummaryWriter summaries) : Grain, ITraceGrain
{
    private string _projectId = "";
    private TraceSummaryAccumulator _trace = null!;

    private bool _loaded;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = GrainKeys.Split(this.GetPrimaryKeyString());
        _projectId = parts[0];
        _trace = new TraceSummaryAccumulator(parts[1]);
        return Task.CompletedTask;
    }

    public async Task AddSpans(Immutable<TraceSpanFacts[]> spans, bool mayHaveStoredSpans)
    {
        if (!_loaded)
        {
            // Spans fed here are already committed; earlier ones are read once, and only if there can be any.
            if (mayHaveStoredSpans)
            {
                await LoadStoredSpansAsync();
            }

            _loaded = true;
        }

        foreach (var span in spans.Value)
        {
            _trace.Add(span);
        }

        // Write even when nothing changed: these spans may have been read from the table at activation.
        if (_trace.ToSummary() is { } summary)
        {
            summaries.Enqueue(_projectId, summary);
        }
    }

    public async Task Refresh()
    {
        _trace = new TraceSummaryAccumulator(_trace.TraceId);
        await LoadStoredSpansAsync();
        _loaded = true;
        if (_trace.ToSummary() is { } summary)
        {
            summaries.Enqueue(_projectId, summary);
        }
    }

    public async Task<TraceSummary?> GetSummary()
    {
        if (!_loaded)
        {
            await LoadStoredSpansAsync();
            _loaded = true;
        }

        return _trace.ToSummary();
    }

    private async Task LoadStoredSpansAsync()
    {
        foreach (var span in await queries.GetSpanFactsAsync(_projectId, _trace.TraceId, CancellationToken.None))
        {
            _trace.Add(span);
        }
    }
}
