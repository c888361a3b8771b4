using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Grains.Ingest;
using Observatory.Storage;
using Observatory.Storage.Pricing;
using Observatory.Storage.Rollups;

namespace Observatory.Grains.Models;

/// <summary>
/// Live usage of one model. Buckets touched since activation live in memory with absolute values (a bucket
/// already stored is loaded before its first change), changed ones are written every second and on
/// deactivation, and queries overlay the in-memory buckets on the stored ones — live numbers with no batch delay.
/// </summary>
public sealed class ModelGrain(RollupStore store, RecostQueries recost) : Grain, IModelGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Service, long Bucket), ModelUsage> _buckets = new();
    private readonly HashSet<(string Service, long Bucket)> _dirty = new();
    private string _projectId = "";
    private ModelId _model = new("", "");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = GrainKeys.Split(this.GetPrimaryKeyString());
        _projectId = parts[0];
        _model = new ModelId(parts[1], parts[2]);
        await GrainFactory.GetGrain<IModelDirectoryGrain>(_projectId).Register(_model);
        this.RegisterGrainTimer(_ => Flush(), new GrainTimerCreationOptions { DueTime = FlushPeriod, Period = FlushPeriod });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await Flush();

    public async Task Record(Immutable<ModelUsageDelta[]> deltas)
    {
        // Load every missing bucket before changing any: if a load fails, nothing was applied and the caller may retry.
        foreach (var delta in deltas.Value)
        {
            var key = (delta.ServiceName, delta.BucketStartUnixNano);
            if (!_buckets.ContainsKey(key))
            {
                var stored = await store.LoadAsync(_projectId, _model.Provider, _model.Model, key.ServiceName, key.BucketStartUnixNano, CancellationToken.None);
                _buckets[key] = stored?.Usage ?? new ModelUsage();
            }
        }

        foreach (var delta in deltas.Value)
        {
            var key = (delta.ServiceName, delta.BucketStartUnixNano);
            _buckets[key].Merge(ModelUsageAggregation.ToUsage(delta));
            _dirty.Add(key);
        }
    }

    public async Task<ModelStatsReply> GetStats(DateTime from, DateTime to, string? service)
    {
        var fromNano = UnixNano.FromDateTime(from);
        var toNano = UnixNano.FromDateTime(to);
        var merged = new Dictionary<(string Service, long Bucket), ModelUsage>();
        foreach (var row in await store.LoadRangeAsync(_projectId, _model.Provider, _model.Model, from, to, service, CancellationToken.None))
        {
            merged[(row.ServiceName, row.BucketStartUnixNano)] = row.Usage;
        }

        // In-memory buckets hold absolute values at least as new as the stored rows: they replace them.
        foreach (var (key, usage) in _buckets)
        {
            if (key.Bucket >= fromNano && key.Bucket < toNano && (service is null || key.Service == service))
            {
                merged[key] = usage;
            }
        }

        var total = new ModelUsage();
        foreach (var usage in merged.Values)
        {
            total.Merge(usage);
        }

        return ModelStatsReply.From(_model, total);
    }

    public async Task RecomputeCost(DateTime from, DateTime to)
    {
        foreach (var (service, bucket, cost) in await recost.SumCostPerBucketAsync(_projectId, _model.Provider, _model.Model, from, to, CancellationToken.None))
        {
            var key = (service, bucket);
            if (!_buckets.TryGetValue(key, out var usage))
            {
                var stored = await store.LoadAsync(_projectId, _model.Provider, _model.Model, service, bucket, CancellationToken.None);
                _buckets[key] = usage = stored?.Usage ?? new ModelUsage();
            }

            usage.ReplaceCost(cost);
            _dirty.Add(key);
        }

        await Flush();
    }

    public async Task Flush()
    {
        if (_dirty.Count == 0)
        {
            return;
        }

        var changed = _dirty.Select(k => new RollupBucket(k.Service, k.Bucket, _buckets[k])).ToList();
        await store.UpsertAsync(_projectId, _model.Provider, _model.Model, changed, CancellationToken.None);
        _dirty.Clear();
    }
}
