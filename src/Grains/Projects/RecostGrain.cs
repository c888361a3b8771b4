using Observatory.Grains.Contracts;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Pricing;

namespace Observatory.Grains.Projects;

/// <summary>
/// Runs a re-cost where the writes belong, in a silo: one transaction rewrites the span costs and moves their trace
/// summaries and model rollups along (see <see cref="RecostQueries"/>).
/// </summary>
[StatelessWorker(1)]
public sealed class RecostGrain(RecostQueries queries) : Grain, IRecostGrain
{
    public async Task<RecostReply> Recost(string projectId, string? provider, string model, DateTime from, DateTime to)
    {
        var snapshot = await GrainFactory.GetGrain<IProjectPolicyGrain>(projectId).GetSnapshot();
        var prices = snapshot.ToIngestPolicy().Prices;
        var result = await queries.RecostSpansAsync(projectId, provider, model, from, to, prices, CancellationToken.None);
        // Budgets count span costs: they read them again rather than wait for their next periodic read.
        await GrainFactory.GetGrain<IBudgetDirectoryGrain>(projectId).ReconcileAll();
        return new RecostReply(result.SpansUpdated, result.TraceIds.Count, result.Models.Count, result.CostDeltaUsd);
    }
}
