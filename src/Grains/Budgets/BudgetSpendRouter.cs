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
/// every <see cref="BudgetOptions.RouteInterval"/>, hands each budget whose scope selects them its share in one call —
/// the budgets see batches, not spans. The project's budget list comes from its <see cref="IBudgetDirectoryGrain"/>,
/// fetched again once older than <see cref="BudgetOptions.RouteListMaxAge"/>. A batch that cannot be delivered makes
/// its budget read the stored spans again instead of being retried (a retry could count it twice).
/// </summary>
public sealed partial class BudgetSpendRouter(IGrainFactory grains, TimeProvider clock, IOptions<BudgetOptions> options, ILogger<BudgetSpendRouter> logger)
    : BackgroundService, IIngestCommitObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (BudgetList List, DateTimeOffset FetchedAt)> _lists = [];
    private List<(string ProjectId, BudgetSpan Call)> _pending = [];

    public void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew)
    {
        List<BudgetSpan>? calls = null;
        for (var i = 0; i < spans.Count; i++)
        {
            if (isNew[i] && BudgetSpan.From(spans[i]) is { } call)
            {
                (calls ??= []).Add(call);
            }
        }

        if (calls is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        lock (_gate)
        {
            // A project known, recently, to have no budget costs nothing more; a stale list is fetched on the next tick.
            if (_lists.TryGetValue(projectId, out var known) && known.List.Budgets.Length == 0 && now - known.FetchedAt < options.Value.RouteListMaxAge)
            {
                return;
            }

            foreach (var call in calls)
            {
                _pending.Add((projectId, call));
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
        List<(string ProjectId, BudgetSpan Call)> pending;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            (pending, _pending) = (_pending, []);
        }

        var deliveries = new List<Task>();
        foreach (var project in pending.GroupBy(p => p.ProjectId))
        {
            BudgetList list;
            try
            {
                list = await ListAsync(project.Key);
            }
            catch (Exception ex)
            {
                // The budgets did not get these calls: their next read of the stored spans (at most ReconcileInterval away) does.
                LogListFailed(logger, project.Key, ex);
                continue;
            }

            foreach (var budget in list.Budgets)
            {
                var share = project.Where(p => budget.Scope.Matches(p.Call))
                    .Select(p => new BudgetIncrement(p.Call.TraceId, p.Call.SpanId, p.Call.StartUnixNano, p.Call.CostUsd, p.Call.Tokens))
                    .ToArray();
                if (share.Length > 0)
                {
                    deliveries.Add(DeliverAsync(grains.GetGrain<IBudgetGrain>(BudgetKeys.Budget(project.Key, budget.BudgetId)), budget.BudgetId, share));
                }
            }
        }

        await Task.WhenAll(deliveries);
    }

    private async Task<BudgetList> ListAsync(string projectId)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_lists.TryGetValue(projectId, out var known) && now - known.FetchedAt < options.Value.RouteListMaxAge)
            {
                return known.List;
            }
        }

        var list = await grains.GetGrain<IBudgetDirectoryGrain>(projectId).List();
        lock (_gate)
        {
            _lists[projectId] = (list, now);
        }

        return list;
    }

    private async Task DeliverAsync(IBudgetGrain budget, string budgetId, BudgetIncrement[] share)
    {
        try
        {
            await budget.Add(new Immutable<BudgetIncrement[]>(share));
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, budgetId, share.Length, ex);
            try
            {
                await budget.Reconcile();
            }
            catch (Exception again)
            {
                LogDeliveryFailed(logger, budgetId, share.Length, again);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The budget list of project {ProjectId} could not be fetched; its budgets catch up on their next read of the spans")]
    private static partial void LogListFailed(ILogger logger, string projectId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls could not be added to budget {BudgetId}; it reads the stored spans again")]
    private static partial void LogDeliveryFailed(ILogger logger, string budgetId, int count, Exception ex);
}
