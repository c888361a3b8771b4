using Orleans.Runtime;

namespace Observatory.Grains.Contracts;

/// <summary>
/// The Orleans streams that carry what ingest committed, one per project and kind (the stream key is the project id,
/// so a subscriber can only ever be handed its own project's events).
/// </summary>
public static class LiveStreams
{
    /// <summary>The memory stream provider silos and API clients register under this name.</summary>
    public const string ProviderName = "live";

    /// <summary>The grain storage Orleans' stream pub-sub keeps its subscriptions in (a name the runtime fixes).</summary>
    public const string PubSubStore = "PubSubStore";

    public const string TracesNamespace = "observatory.live.traces";
    public const string ModelsNamespace = "observatory.live.models";

    /// <summary>The project's stream of <see cref="LiveTraceBatch"/>.</summary>
    public static StreamId Traces(string projectId) => StreamId.Create(TracesNamespace, projectId);

    /// <summary>The project's stream of <see cref="LiveModelDeltas"/>.</summary>
    public static StreamId Models(string projectId) => StreamId.Create(ModelsNamespace, projectId);
}
