using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Core.Budgets;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Grains.Live;

namespace Observatory.Grains.Budgets;

/// <summary>
/// One per silo: takes the model calls this silo's ingest stored (only new ones: a re-sent export adds nothing) and,
/// every <see cref="BudgetOptions.RouteInterval"/>, hands each project's batch to its <see cref="IBudgetDirectoryGrain"/>,
/// which matches them against the budgets as they are at that moment — the budgets see batches, not spans. A batch that
/// cannot be delivered makes the project's budgets read the stored spans again instead of being retried (a retry could
/// count it twice).
/// </summary>
public sealed partial class BudgetSpendRouter(IGrainFactory grains, TimeProvider clock, IOptions<BudgetOptions> options, ILogger<BudgetSpendRouter> logger)
    : BackgroundService, IIngestCommitObserver
{
    private readonly Lock _gate = new();
    private Dictionary<string, List<BudgetCall>> _pending = [];

    public void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew)
    {
        List<BudgetCall>? calls = null;
        for (var i = 0; i < spans.Count; i++)
        {
            if (isNew[i] && BudgetSpan.From(spans[i]) is { } call)
            {
                (calls ??= []).Add(BudgetCall.From(call));
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
        using var timer = new PeriodicTimer(options.Value.RouteInterval, clock);
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
        Dictionary<string, List<BudgetCall>> pending;
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

    private async Task DeliverAsync(string projectId, List<BudgetCall> calls)
    {
        var directory = grains.GetGrain<IBudgetDirectoryGrain>(projectId);
        try
        {
            await directory.Route(new Immutable<BudgetCall[]>([.. calls]));
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, calls.Count, projectId, ex);
            try
            {
                await directory.ReconcileAll();
            }
            catch (Exception again)
            {
                // Each budget's periodic read of the spans (BudgetOptions.ReconcileInterval) catches up.
                LogDeliveryFailed(logger, calls.Count, projectId, again);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stored calls of project {ProjectId} could not be routed to its budgets; they read the stored spans again")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, string projectId, Exception ex);
}
