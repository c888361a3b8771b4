using System.Collections.Concurrent;
using Observatory.Core.Ingest;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Client;

/// <summary>
/// Caches each project's policy and asks its grain again once the policy is <see cref="RefreshAfter"/> old: a price or
/// setting changed through any API process is in force in every gateway within seconds. Rebuilds lookups only when
/// the version moved.
/// <para>
/// An export never waits for a refresh: the policy already known answers at once while one refresh per project runs
/// in the background. That is what keeps ingest going through a failover: when the grain's silo dies, the refresh
/// waits for the cluster to notice (seconds) while exports go on with the known policy; a failed refresh is retried
/// after <see cref="RetryAfterFailure"/>. Only a project never seen before has nothing to serve: it waits for its
/// grain, at most <see cref="FirstLoadTimeout"/>, and otherwise gets a retryable 503.
/// </para>
/// </summary>
public sealed class GrainProjectPolicySource(IGrainFactory grains, TimeProvider clock) : IProjectPolicySource
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan FirstLoadTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshing = new(StringComparer.Ordinal);
    private long _invalidations;

    public async ValueTask<ProjectIngestPolicy> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(projectId, out var entry))
        {
            if (clock.GetUtcNow() >= entry.RefreshAt)
            {
                StartRefresh(projectId);
            }

            return entry.Policy;
        }

        try
        {
            return (await FetchAsync(projectId).WaitAsync(FirstLoadTimeout, cancellationToken)).Policy;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // E.g. the policy grain could not load from a database that is down: the exporter should retry.
            throw new IngestUnavailableException("The project's ingest policy is unavailable: " + ex.Message, ex);
        }
    }

    public void Invalidate(string projectId)
    {
        Interlocked.Increment(ref _invalidations);
        _entries.TryRemove(projectId, out _);
    }

    private void StartRefresh(string projectId)
    {
        if (!_refreshing.TryAdd(projectId, true))
        {
            return; // one refresh per project at a time
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await FetchAsync(projectId);
            }
            catch (Exception)
            {
                // Keep serving what is known; ask again soon.
                if (_entries.TryGetValue(projectId, out var known))
                {
                    _entries.TryUpdate(projectId, known with { RefreshAt = clock.GetUtcNow() + RetryAfterFailure }, known);
                }
            }
            finally
            {
                _refreshing.TryRemove(projectId, out _);
            }
        });
    }

    private async Task<Entry> FetchAsync(string projectId)
    {
        var invalidations = Interlocked.Read(ref _invalidations);
        var snapshot = await grains.GetGrain<IProjectPolicyGrain>(projectId).GetSnapshot();
        _entries.TryGetValue(projectId, out var known);
        var policy = known is not null && known.Version == snapshot.Version ? known.Policy : snapshot.ToIngestPolicy();
        var entry = new Entry(snapshot.Version, policy, clock.GetUtcNow() + RefreshAfter);
        if (invalidations == Interlocked.Read(ref _invalidations))
        {
            // Not when a change was made meanwhile: this snapshot may predate it.
            _entries[projectId] = entry;
        }

        return entry;
    }

    private sealed record Entry(long Version, ProjectIngestPolicy Policy, DateTimeOffset RefreshAt);
}
