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
    : CommittedCallRouter<BudgetCall>(clock, options.Value.RouteInterval)
{
    protected override BudgetCall? Select(SpanRecord span) => BudgetSpan.From(span) is { } call ? BudgetCall.From(call) : null;

    protected override async Task DeliverAsync(string projectId, List<BudgetCall> calls)
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
