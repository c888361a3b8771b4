using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Core.Budgets;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts.Alerts;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Grains.Live;

namespace Observatory.Grains.Alerts;

/// <summary>
/// One per silo: takes the model calls this silo's ingest stored (only new ones: a re-sent export adds nothing) and,
/// every <see cref="AlertOptions.RouteInterval"/>, hands each project's batch to its <see cref="IAlertDirectoryGrain"/>.
/// A batch that cannot be delivered is dropped, not retried (a retry could count it twice); the rules read the stored
/// spans again when they next activate or change.
/// </summary>
public sealed partial class AlertCallRouter(IGrainFactory grains, TimeProvider clock, IOptions<AlertOptions> options, ILogger<AlertCallRouter> logger)
    : BackgroundService, IIngestCommitObserver
{
    private readonly Lock _gate = new();
    private Dictionary<string, List<AlertCall>> _pending = [];

    public void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew)
    {
        List<AlertCall>? calls = null;
        for (var i = 0; i < spans.Count; i++)
        {
            if (isNew[i] && BudgetSpan.From(spans[i]) is { } call)
            {
                var span = spans[i];
                (calls ??= []).Add(new AlertCall(BudgetCall.From(call), span.IsError, span.DurationMs, span.Llm?.TimeToFirstTokenMs));
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
                Dictionary<string, List<AlertCall>> pending;
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        continue;
                    }

                    (pending, _pending) = (_pending, []);
                }

                await Task.WhenAll(pending.Select(p => DeliverAsync(p.Key, p.Value)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(string projectId, List<AlertCall> calls)
    {
        try
        {
            await grains.GetGrain<IAlertDirectoryGrain>(projectId).Route(new Immutable<AlertCall[]>([.. calls]));
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, calls.Count, projectId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stored calls of project {ProjectId} could not be routed to its alert rules")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, string projectId, Exception ex);
}
