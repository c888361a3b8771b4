using Microsoft.Extensions.Logging;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Ingest;

/// <summary>
/// Hands committed spans to their grains: one call per trace, one pre-aggregated call per model.
/// The spans are already durable when this runs, so a grain that cannot take its share right now
/// (e.g. its activation hit a dropped database connection) is retried in the background instead of failing the export:
/// a retried export would find its spans stored and feed nothing, and the live numbers would miss them for good.
/// Only the calls that failed are retried, so nothing is counted twice.
/// </summary>
public sealed class GrainFeed(IGrainFactory grains, ILogger<GrainFeed> logger) : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private int _pendingRetries;

    /// <summary>Feeds that are waiting for a retry (for health and tests).</summary>
    public int PendingRetries => Volatile.Read(ref _pendingRetries);

    public async Task FeedAsync(string projectId, IReadOnlyList<SpanRecord> committed, IReadOnlySet<string> tracesWithEarlierSpans)
    {
        var deliveries = Deliveries(projectId, committed, tracesWithEarlierSpans).ToList();
        var tasks = deliveries.Select(d => d()).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            var failed = deliveries.Where((_, i) => !tasks[i].IsCompletedSuccessfully).ToList();
            logger.LogWarning(tasks.FirstOrDefault(t => t.IsFaulted)?.Exception, "{Count} grain feeds failed; retrying in the background", failed.Count);
            foreach (var delivery in failed)
            {
                _ = RetryAsync(delivery);
            }
        }
    }

    private IEnumerable<Func<Task>> Deliveries(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlySet<string> tracesWithEarlierSpans)
    {
        foreach (var trace in spans.GroupBy(s => s.TraceId))
        {
            var facts = trace.Select(TraceSpanFacts.From).ToArray().AsImmutable();
            var grain = grains.GetGrain<ITraceGrain>(GrainKeys.Trace(projectId, trace.Key));
            var mayHaveStoredSpans = tracesWithEarlierSpans.Contains(trace.Key);
            yield return () => grain.AddSpans(facts, mayHaveStoredSpans);
        }

        foreach (var (model, deltas) in ModelUsageAggregation.ByModel(spans))
        {
            var grain = grains.GetGrain<IModelGrain>(GrainKeys.Model(projectId, model));
            var payload = deltas.AsImmutable();
            yield return () => grain.Record(payload);
        }
    }

    private async Task RetryAsync(Func<Task> delivery)
    {
        Interlocked.Increment(ref _pendingRetries);
        try
        {
            for (var delay = RetryDelay; !_stopping.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
            {
                await Task.Delay(delay, _stopping.Token);
                try
                {
                    await delivery();
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Grain feed retry failed; next attempt in {Delay}", delay * 2);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _pendingRetries);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
