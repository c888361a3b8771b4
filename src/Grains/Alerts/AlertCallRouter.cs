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
    : CommittedCallRouter<AlertCall>(clock, options.Value.RouteInterval)
{
    protected override AlertCall? Select(SpanRecord span) =>
        BudgetSpan.From(span) is { } call
            ? new AlertCall(BudgetCall.From(call), span.IsError, span.DurationMs, span.Llm?.TimeToFirstTokenMs)
            : null;

    protected override async Task DeliverAsync(string projectId, List<AlertCall> calls)
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
