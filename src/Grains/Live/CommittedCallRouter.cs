using Microsoft.Extensions.Hosting;
using Observatory.Core.Spans;

namespace Observatory.Grains.Live;

/// <summary>
/// One per silo and consumer (budgets, alert rules): takes the calls this silo's ingest stored — only new ones, so a
/// re-sent export adds nothing — and every <paramref name="interval"/> hands each project's batch to
/// <see cref="DeliverAsync"/>. Batching per interval keeps the grain calls to one per project per tick, however many
/// exports committed in between.
/// </summary>
public abstract class CommittedCallRouter<TCall>(TimeProvider clock, TimeSpan interval) : BackgroundService, IIngestCommitObserver
    where TCall : class
{
    private readonly Lock _gate = new();
    private Dictionary<string, List<TCall>> _pending = [];

    /// <summary>The call a stored span stands for, or null when this consumer does not count it.</summary>
    protected abstract TCall? Select(SpanRecord span);

    /// <summary>Hands one project's batch on; must not throw (a failed batch is the consumer's to recover from).</summary>
    protected abstract Task DeliverAsync(string projectId, List<TCall> calls);

    public void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew)
    {
        List<TCall>? calls = null;
        for (var i = 0; i < spans.Count; i++)
        {
            if (isNew[i] && Select(spans[i]) is { } call)
            {
                (calls ??= []).Add(call);
            }
        }

        if (calls is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_pending.TryGetValue(projectId, out var queued))
            {
                queued.AddRange(calls);
            }
            else
            {
                _pending[projectId] = calls;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RouteAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RouteAsync()
    {
        Dictionary<string, List<TCall>> pending;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            (pending, _pending) = (_pending, []);
        }

        await Task.WhenAll(pending.Select(p => DeliverAsync(p.Key, p.Value)));
    }
}
