using Observatory.Grains.Contracts;
using Observatory.Storage.Pricing;

namespace Observatory.Grains.Projects;

/// <summary>
/// Runs a re-cost where the writes belong, in a silo: rewrite span costs in one transaction, then have each affected
/// trace grain rebuild its summary and each affected model grain recompute its bucket costs from the stored spans.
/// </summary>
[StatelessWorker(1)]
public sealed class RecostGrain(RecostQueries queries) : Grain, IRecostGrain
{
    public async Task<RecostReply> Recost(string projectId, string? provider, string model, DateTime from, DateTime to)
    {
        var snapshot = await GrainFactory.GetGrain<IProjectPolicyGrain>(projectId).GetSnapshot();
        var prices = GrainProjectPolicySource.Build(snapshot).Prices;
        var result = await queries.RecostSpansAsync(projectId, provider, model, from, to, prices, CancellationToken.None);

        foreach (var chunk in result.TraceIds.Chunk(64))
        {
            await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ITraceGrain>(GrainKeys.Trace(projectId, id)).Refresh()));
        }

        await Task.WhenAll(result.Models.Select(m =>
            GrainFactory.GetGrain<IModelGrain>(GrainKeys.Model(projectId, new ModelId(m.Provider, m.Model))).RecomputeCost(from, to)));
        return new RecostReply(result.SpansUpdated, result.TraceIds.Count, result.Models.Count, result.CostDeltaUsd);
    }
}
