using Observatory.Core.Rollups;
using Observatory.Core.Traces;

namespace Observatory.Grains.Contracts;

/// <summary>The new summaries of the traces that committed spans changed (at most <see cref="MaxTraces"/> per event).</summary>
[GenerateSerializer, Immutable, Alias("observatory.LiveTraceBatch")]
public sealed record LiveTraceBatch([property: Id(0)] TraceSummary[] Traces)
{
    /// <summary>Bigger batches are split, so one event's size, and a slow subscriber's buffer of events, stay bounded.</summary>
    public const int MaxTraces = 256;
}

/// <summary>What the model calls committed during one second (<see cref="Second"/>, UTC) added, per model and service.</summary>
[GenerateSerializer, Immutable, Alias("observatory.LiveModelDeltas")]
public sealed record LiveModelDeltas([property: Id(0)] DateTime Second, [property: Id(1)] LiveModelDelta[] Models);

/// <summary>
/// One model's (and service's) usage added in a second: the additive counters and the latency and time-to-first-token
/// sketches (<see cref="Core.Sketches.LatencySketch.ToBytes"/>), so a subscriber can merge services and read percentiles.
/// </summary>
[GenerateSerializer, Immutable, Alias("observatory.LiveModelDelta")]
public sealed record LiveModelDelta(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Model,
    [property: Id(2)] string Service,
    [property: Id(3)] ModelUsageCounters Counters,
    [property: Id(4)] byte[] Latency,
    [property: Id(5)] byte[] TimeToFirstToken);
