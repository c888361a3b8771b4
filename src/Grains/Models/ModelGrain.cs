using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Storage.Rollups;

namespace Observatory.Grains.Models;

/// <summary>
/// Totals of one model over a range, read from the few coarse buckets that cover it (<see cref="RollupPlan"/>): a
/// 30-day question costs a few hundred rows per service, not 43,200. The rows are exact as soon as ingest acknowledges
/// the spans (see <see cref="RollupLedger"/>), so the grain keeps nothing in memory that a crash could lose.
/// </summary>
public sealed class ModelGrain(RollupStore store) : Grain, IModelGrain
{
    public async Task<ModelStatsReply> GetStats(DateTime from, DateTime to, string? service)
    {
        var parts = GrainKeys.Split(this.GetPrimaryKeyString());
        var (project, model) = (parts[0], new ModelId(parts[1], parts[2]));
        var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to));
        var total = new ModelUsage();
        foreach (var row in await store.LoadPlanAsync(project, model.Provider, model.Model, plan, service, CancellationToken.None))
        {
            total.Merge(row.Usage);
        }

        return ModelStatsReply.From(model, total);
    }
}
