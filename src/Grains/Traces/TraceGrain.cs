using Observatory.Core.Traces;
using Observatory.Grains.Contracts;
using Observatory.Storage.Traces;

namespace Observatory.Grains.Traces;

/// <summary>
/// Assembles one trace. On activation it rebuilds its summary from the stored spans (the source of truth,
/// so a late span after deactivation or a restart still lands on the right totals); afterwards it adds spans
/// in memory and hands each new summary to the silo's batched <see cref="TraceSummaryWriter"/>.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class TraceGrain(TraceQueries queries, TraceSummaryWriter summaries) : Grain, ITraceGrain
{
    private string _projectId = "";
    private TraceSummaryAccumulator _trace = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = GrainKeys.Split(this.GetPrimaryKeyString());
        _projectId = parts[0];
        _trace = new TraceSummaryAccumulator(parts[1]);
        foreach (var span in await queries.GetSpanFactsAsync(_projectId, _trace.TraceId, cancellationToken))
        {
            _trace.Add(span);
        }
    }

    public Task AddSpans(Immutable<TraceSpanFacts[]> spans)
    {
        foreach (var span in spans.Value)
        {
            _trace.Add(span);
        }

        // Spans fed here are already committed and may have been loaded at activation, so write even when nothing changed.
        if (_trace.ToSummary() is { } summary)
        {
            summaries.Enqueue(_projectId, summary);
        }

        return Task.CompletedTask;
    }

    public Task<TraceSummary?> GetSummary() => Task.FromResult(_trace.ToSummary());
}
