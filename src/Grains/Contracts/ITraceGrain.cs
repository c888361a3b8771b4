using Observatory.Core.Traces;

namespace Observatory.Grains.Contracts;

/// <summary>One trace (key: <see cref="GrainKeys.Trace"/>): assembles its spans in any order and keeps its summary.</summary>
[Alias("observatory.ITraceGrain")]
public interface ITraceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds spans; span ids already counted change nothing. <paramref name="mayHaveStoredSpans"/> is false when the
    /// trace had no stored spans before these, so a fresh activation need not read them.
    /// </summary>
    [Alias("AddSpans")]
    Task AddSpans(Immutable<TraceSpanFacts[]> spans, bool mayHaveStoredSpans);

    /// <summary>Forgets what it holds and rebuilds the summary from the stored spans (after their costs were rewritten).</summary>
    [Alias("Refresh")]
    Task Refresh();

    [Alias("GetSummary")]
    Task<TraceSummary?> GetSummary();
}
