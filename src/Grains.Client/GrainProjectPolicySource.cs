using System.Collections.Concurrent;
using Observatory.Core.Ingest;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Client;

/// <summary>
/// Caches each project's policy for <see cref="RefreshAfter"/>, then asks its grain again: a price or setting changed
/// through any API process is in force in every gateway within seconds. Rebuilds lookups only when the version moved.
/// While the grain cannot answer (its silo died and it is being placed again, or its database is down), the policy
/// already known keeps serving and the grain is asked again after <see cref="RetryAfterFailure"/>: a failover does not
/// stop ingest. Only a project never seen before has nothing to serve, and its exports get a retryable 503.
/// </summary>
public sealed class GrainProjectPolicySource(IGrainFactory grains, TimeProvider clock) : IProjectPolicySource
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<ProjectIngestPolicy> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(projectId, out var entry) && now - entry.FetchedAt < RefreshAfter)
        {
            return entry.Policy;
        }

        ProjectPolicySnapshot snapshot;
        try
        {
            snapshot = await grains.GetGrain<IProjectPolicyGrain>(projectId).GetSnapshot().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (entry is not null)
            {
                _entries[projectId] = entry with { FetchedAt = now - RefreshAfter + RetryAfterFailure };
                return entry.Policy;
            }

            // E.g. the policy grain could not load from a database that is down: the exporter should retry.
            throw new IngestUnavailableException("The project's ingest policy is unavailable: " + ex.Message, ex);
        }

        var policy = entry is not null && entry.Version == snapshot.Version ? entry.Policy : snapshot.ToIngestPolicy();
        _entries[projectId] = new Entry(snapshot.Version, policy, now);
        return policy;
    }

    public void Invalidate(string projectId) => _entries.TryRemove(projectId, out _);

    private sealed record Entry(long Version, ProjectIngestPolicy Policy, DateTimeOffset FetchedAt);
}
