namespace Observatory.Core.Ingest;

/// <summary>Where gateways get a project's ingest policy; implementations cache it and pick up changes within seconds.</summary>
public interface IProjectPolicySource
{
    /// <summary>Throws <see cref="IngestUnavailableException"/> when the policy cannot be had: storing unredacted would be worse.</summary>
    ValueTask<ProjectIngestPolicy> GetAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Forgets a project's cached policy, so a change this process made is in force here at once.</summary>
    void Invalidate(string projectId);
}

/// <summary>Every project gets <see cref="ProjectIngestPolicy.Default"/>: a gateway running without a cluster (its own tests).</summary>
public sealed class DefaultProjectPolicySource : IProjectPolicySource
{
    public ValueTask<ProjectIngestPolicy> GetAsync(string projectId, CancellationToken cancellationToken) => ValueTask.FromResult(ProjectIngestPolicy.Default);

    public void Invalidate(string projectId)
    {
    }
}
