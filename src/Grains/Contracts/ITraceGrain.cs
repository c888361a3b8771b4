using Observatory.Core.Traces;

namespace Observatory.Grains.Contracts;

/// <summary>One trace (key: <see cref="GrainKeys.Trace"/>): assembles its spans in any order and keeps its summary.</summary>
[Alias("observatory.ITraceGrain")]
public interface ITraceGrain : IGrainWithStringKey
{
    /// <summary>Adds spans; span ids already counted change nothing.</summary>
    [Alias("AddSpans")]
    Task AddSpans(Immutable<TraceSpanFacts[]> spans);

    [Alias("GetSummary")]
    Task<TraceSummary?> GetSummary();
}
